import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { insertSettingsAudit } from "@/db/queries/settings";
import { readSignInSettings } from "@/db/queries/sign-in-settings";
import { deleteSsoConnection, findSsoConnection, upsertOidcConnection } from "@/db/queries/sso-connections";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { safeText } from "@/lib/validation/text";
import { toOidcConnectionView, type OidcConnectionView } from "./connection-views";
import { oidcSecretContext, sealSecret } from "./secret-box";
import { assertSsoWayIn } from "./sign-in-settings";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An issuer URL: https, or http on this machine (the demo's identity provider); no query or fragment. */
export const issuerField = z
  .string()
  .trim()
  .min(1, "Enter the issuer URL.")
  .max(500)
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname))) && !url.search && !url.hash && !url.username;
    } catch {
      return false;
    }
  }, "Enter the issuer's https:// URL, as your identity provider gives it (e.g. https://login.microsoftonline.com/<tenant>/v2.0).");

const formBool = z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean());

export const oidcConnectionInputSchema = z.object({
  /** The id a new connection gets (the page shows its redirect URI before the first save); ignored once saved. */
  connectionId: z.guid().optional(),
  displayName: safeText(z.string().trim().min(1, "Enter the name on the sign-in button.").max(80)),
  issuer: issuerField,
  clientId: safeText(z.string().trim().min(1, "Enter the client id.").max(500)),
  /** Blank keeps the saved secret (it is never shown again). */
  clientSecret: z.string().max(2000).optional().transform((v) => (v?.trim() ? v.trim() : undefined)),
  enabled: formBool,
  trustEmail: formBool,
});

/**
 * Saves the institution's OpenID Connect connection (administrators). The client secret is
 * encrypted before it reaches the database (secret-box.ts) and never returned: the view says
 * only its last four characters. Required on the first save; blank later keeps it. Disabling
 * the connection while passwords are switched off needs another way in (assertSsoWayIn).
 * Recorded in settings_audit (scope SIGN_IN) — the secret as "changed", never its value.
 */
export async function saveOidcConnection({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<OidcConnectionView> {
  authorize(ctx.actor, "signInSettings.manage");
  const v = parseInput(oidcConnectionInputSchema, input);
  const institutionId = ctx.actor.institutionId;
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as ServiceContext["db"] };
    const before = await findSsoConnection(tx, { institutionId, protocol: "oidc" });
    if (!before && !v.clientSecret) throw new AppError("VALIDATION", "Enter the client secret.", { clientSecret: "Enter the client secret." });
    const secret = v.clientSecret ? { encrypted: sealSecret(v.clientSecret, oidcSecretContext(institutionId)), last4: v.clientSecret.slice(-4) } : undefined;
    await upsertOidcConnection(
      tx,
      institutionId,
      { displayName: v.displayName, enabled: v.enabled, oidcIssuer: v.issuer, oidcClientId: v.clientId, oidcTrustEmail: v.trustEmail, secret, newId: v.connectionId },
      ctx.now,
    );
    if (before?.enabled && !v.enabled && !(await readSignInSettings(tx, institutionId)).passwordSignInAllowed) {
      await assertSsoWayIn(txCtx, "The connection stays enabled");
    }
    const after = await findSsoConnection(tx, { institutionId, protocol: "oidc" });
    if (!after) throw new Error("The OIDC connection was not saved.");
    const changes = [
      ["oidc.displayName", before?.displayName ?? null, after.displayName],
      ["oidc.enabled", before?.enabled ?? null, after.enabled],
      ["oidc.issuer", before?.oidcIssuer ?? null, after.oidcIssuer],
      ["oidc.clientId", before?.oidcClientId ?? null, after.oidcClientId],
      ["oidc.trustEmail", before?.oidcTrustEmail ?? null, after.oidcTrustEmail],
    ].filter(([, a, b]) => a !== b);
    if (secret) changes.push(["oidc.clientSecret", before ? "saved" : null, "changed"]);
    await insertSettingsAudit(
      tx,
      institutionId,
      changes.map(([field, oldValue, newValue]) => ({ scope: "SIGN_IN", field: String(field), oldValue, newValue })),
      { userId: ctx.actor.userId, now: ctx.now },
    );
    return toOidcConnectionView(after);
  });
}

/** Removes the institution's OIDC connection; refused while it is the way in of an institution without passwords. */
export async function removeOidcConnection({ ctx }: { ctx: ServiceContext; input?: unknown }): Promise<void> {
  authorize(ctx.actor, "signInSettings.manage");
  const institutionId = ctx.actor.institutionId;
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as ServiceContext["db"] };
    if (!(await deleteSsoConnection(tx, { institutionId, protocol: "oidc" }))) throw new AppError("NOT_FOUND", "There is no OpenID Connect connection.");
    if (!(await readSignInSettings(tx, institutionId)).passwordSignInAllowed) await assertSsoWayIn(txCtx, "The connection stays");
    await insertSettingsAudit(tx, institutionId, [{ scope: "SIGN_IN", field: "oidc", oldValue: "configured", newValue: null }], {
      userId: ctx.actor.userId,
      now: ctx.now,
    });
  });
}

export type DiscoveryResult = { issuer: string; authorizationEndpoint: string; scopes: string[] };

/**
 * "Test connection": fetches the issuer's discovery document (5 s) and checks that it names
 * itself with exactly this issuer, as Auth.js will at sign-in. Administrators only.
 */
export async function testOidcDiscovery({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<DiscoveryResult> {
  authorize(ctx.actor, "signInSettings.manage");
  const { issuer } = parseInput(z.object({ issuer: issuerField }), input);
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let doc: Record<string, unknown>;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "error", headers: { accept: "application/json" } });
    if (!res.ok) throw new AppError("PROVIDER_ERROR", `The identity provider answered ${res.status} at ${url}.`);
    doc = (await res.json()) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError("PROVIDER_ERROR", `No discovery document at ${url}: the issuer URL is wrong or the provider cannot be reached.`);
  }
  if (doc.issuer !== issuer) {
    throw new AppError("PROVIDER_ERROR", `The provider calls itself "${String(doc.issuer)}": enter exactly that as the issuer URL.`);
  }
  if (typeof doc.authorization_endpoint !== "string") throw new AppError("PROVIDER_ERROR", "The discovery document has no authorization endpoint.");
  return {
    issuer,
    authorizationEndpoint: doc.authorization_endpoint,
    scopes: Array.isArray(doc.scopes_supported) ? doc.scopes_supported.filter((s): s is string => typeof s === "string") : [],
  };
}

/**
 * The id an institution's new OIDC connection gets: derived from the institution, so the
 * redirect URI the page shows before the first save stays the same across reloads and saves.
 */
export function newOidcConnectionId(institutionId: string): string {
  const h = createHash("sha256").update(`oidc-connection:${institutionId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
