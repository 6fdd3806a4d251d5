import "server-only";
import type { DbOrTx } from "@/db";
import { findEnabledSsoConnectionById, findSsoConnection } from "@/db/queries/sso-connections";
import { getInstitutionSummary } from "@/db/queries/institutions";
import type { SsoConnection } from "@/db/schema";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { signInWithExternalIdentity, type ExternalSignInRefusal } from "../external-sign-in";
import { createSignInGrant } from "../sign-in-grant";
import { createAuthnRequestUrl } from "./authn-request";
import { dbSamlRequestStore } from "./db-request-store";
import type { SamlIdentityProvider } from "./idp-metadata";
import { samlEndpoints } from "./saml-endpoints";
import { buildSpMetadata, type SamlServiceProvider } from "./service-provider";
import { SamlResponseRefused, validateSamlResponse } from "./validate-response";

type Ctx = { db: DbOrTx; now: Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Our SP metadata for an institution, or null when there is no such institution. Served before
 * any connection exists: the IdP's administrator registers us first (saml-endpoints.ts).
 */
export async function samlServiceProviderMetadata(db: DbOrTx, input: { institutionId: string; baseUrl: string }): Promise<string | null> {
  if (!UUID.test(input.institutionId) || !(await getInstitutionSummary(db, input.institutionId))) return null;
  const connection = await findSsoConnection(db, { institutionId: input.institutionId, protocol: "saml" });
  const endpoints = samlEndpoints(input.baseUrl, input.institutionId);
  return buildSpMetadata({ entityId: connection?.samlSpEntityId ?? endpoints.entityId, acsUrl: endpoints.acsUrl });
}

/** The institution's enabled, complete SAML connection, or null. */
export async function findUsableSamlConnection(db: DbOrTx, institutionId: string): Promise<SsoConnection | null> {
  if (!UUID.test(institutionId)) return null;
  const connection = await findSsoConnection(db, { institutionId, protocol: "saml" });
  const complete = connection?.samlIdpEntityId && connection.samlIdpSsoUrl && (connection.samlIdpCertificates?.length ?? 0) > 0;
  return connection?.enabled && complete ? connection : null;
}

function partiesOf(connection: SsoConnection, baseUrl: string): { sp: SamlServiceProvider; idp: SamlIdentityProvider } {
  const endpoints = samlEndpoints(baseUrl, connection.institutionId);
  return {
    // The entity id saved with the connection wins: it is what the IdP registered.
    sp: { entityId: connection.samlSpEntityId ?? endpoints.entityId, acsUrl: endpoints.acsUrl },
    idp: { entityId: connection.samlIdpEntityId ?? "", ssoUrl: connection.samlIdpSsoUrl ?? "", certificates: connection.samlIdpCertificates ?? [] },
  };
}

/**
 * Starts SAML sign-in through a connection (issue 19.2; the sign-in page's email step names it):
 * saves a fresh AuthnRequest with where the person was going (a same-site path only) and returns
 * the IdP URL to redirect to and the request id to give the browser (request-cookie.ts).
 * NOT_FOUND unless it is an enabled, complete SAML connection.
 */
export async function startSamlSignIn({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { connectionId: string; callbackUrl: unknown; baseUrl: string };
}): Promise<{ url: string; requestId: string }> {
  const found = UUID.test(input.connectionId) ? await findEnabledSsoConnectionById(ctx.db, input.connectionId) : undefined;
  const connection = found?.protocol === "saml" ? await findUsableSamlConnection(ctx.db, found.institutionId) : null;
  if (!connection) throw new AppError("NOT_FOUND", "This SAML sign-in is not available.");
  const { sp, idp } = partiesOf(connection, input.baseUrl);
  const store = dbSamlRequestStore(ctx.db, {
    institutionId: connection.institutionId,
    connectionId: connection.id,
    redirectTo: safeCallbackPath(input.callbackUrl),
  });
  return createAuthnRequestUrl({ sp, idp, store, now: () => ctx.now });
}

export type SamlSignInResult =
  | { ok: true; grant: string; redirectTo: string }
  | { ok: false; reason: ExternalSignInRefusal | "samlResponse" };

/**
 * Finishes SAML sign-in at an institution's ACS (issue 19.1–19.3): validates the posted response
 * against THIS institution's IdP and pending requests, and the request id the browser carries
 * (validate-response.ts) — so an assertion
 * of another institution's IdP fails its signature, audience and request checks here — then lets
 * the person in through signInWithExternalIdentity (matching by email within this institution
 * only; the IdP is the institution's directory, so the email it asserts counts as verified) and
 * returns a one-time grant for the `sso-grant` provider. Refusals are logged with their reason,
 * never the response or the email.
 */
export async function completeSamlSignIn({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { institutionId: string; samlResponse: string; browserRequestId: string | null; baseUrl: string };
}): Promise<SamlSignInResult> {
  const connection = await findUsableSamlConnection(ctx.db, input.institutionId);
  if (!connection) return { ok: false, reason: "connection" };
  const { sp, idp } = partiesOf(connection, input.baseUrl);
  const store = dbSamlRequestStore(ctx.db, { institutionId: connection.institutionId, connectionId: connection.id });
  let verified;
  try {
    verified = await validateSamlResponse({
      sp,
      idp,
      store,
      emailAttribute: connection.samlEmailAttribute,
      samlResponse: input.samlResponse,
      browserRequestId: input.browserRequestId,
      now: () => ctx.now,
    });
  } catch (err) {
    if (!(err instanceof SamlResponseRefused)) throw err;
    log.warn("saml response refused", { connectionId: connection.id, reason: err.reason, detail: err.detail });
    return { ok: false, reason: "samlResponse" };
  }
  const result = await signInWithExternalIdentity({
    ctx,
    input: { connectionId: connection.id, subject: verified.subject, email: verified.email, emailVerified: true },
  });
  if (!result.ok) return result;
  const grant = await createSignInGrant({
    ctx,
    input: { userId: result.user.userId, institutionId: result.user.institutionId, connectionId: connection.id },
  });
  return { ok: true, grant, redirectTo: verified.redirectTo };
}
