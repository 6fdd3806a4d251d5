import "server-only";
import { z } from "zod";
import { readSignInSettings } from "@/db/queries/sign-in-settings";
import { insertSettingsAudit } from "@/db/queries/settings";
import { deleteSsoConnection, findSsoConnection, upsertSamlConnection } from "@/db/queries/sso-connections";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { fetchIdpMetadata } from "./fetch-idp-metadata";
import { assertSsoWayIn } from "../sign-in-settings";
import { parseIdpMetadata } from "./idp-metadata";
import { samlEndpoints } from "./saml-endpoints";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null)
    .nullish()
    .transform((v) => v ?? null);

export const samlConnectionInputSchema = z
  .object({
    displayName: z.string().trim().min(1, "Enter the name on the sign-in button.").max(80, "At most 80 characters."),
    enabled: z.boolean(),
    /** One of these two: the IdP's metadata URL (fetched now), or its XML pasted. */
    metadataUrl: optionalText(2000),
    metadataXml: optionalText(600 * 1024),
    /** The attribute holding the email, when it is not the NameID or a usual one (email-from-assertion.ts). */
    emailAttribute: optionalText(300),
  })
  .strict();
export type SamlConnectionInput = z.input<typeof samlConnectionInputSchema>;

type Resolved = { xml: string; metadataUrl: string | null };

/** The metadata to save: fetched from the URL, pasted, or (neither) what was saved before. */
async function resolveMetadata(values: z.output<typeof samlConnectionInputSchema>, saved: string | null): Promise<Resolved> {
  if (values.metadataUrl && values.metadataXml) {
    const message = "Give the metadata URL or paste the metadata XML, not both.";
    throw new AppError("VALIDATION", message, { metadataXml: message });
  }
  if (values.metadataXml) return { xml: values.metadataXml, metadataUrl: null };
  if (values.metadataUrl) {
    try {
      return { xml: await fetchIdpMetadata(values.metadataUrl), metadataUrl: values.metadataUrl };
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, err.message, { metadataUrl: err.message });
      throw err;
    }
  }
  if (saved) return { xml: saved, metadataUrl: null };
  const message = "Give your identity provider's metadata URL, or paste its metadata XML.";
  throw new AppError("VALIDATION", message, { metadataUrl: message });
}

/**
 * Saves the institution's SAML connection (issue 19.1, Administration → Sign-in): the IdP's
 * metadata from a URL (fetched now, over https — or http to this machine, for test IdPs) or
 * pasted XML (neither: the saved metadata stays), read by parseIdpMetadata; the metadata is
 * kept, so sign-in never depends on fetching it again. Our SP entity id is saved with it
 * (saml-endpoints.ts). Administrators of the institution only (signInSettings.manage); bad
 * metadata is a VALIDATION error naming the field, and nothing changes. As for OIDC
 * (oidc-connection.ts): disabling it while passwords are off needs another way in
 * (assertSsoWayIn), and each changed field is recorded in settings_audit (scope SIGN_IN).
 * The metadata is fetched before the transaction opens. Returns the connection id.
 */
export async function saveSamlConnection({ ctx, input, baseUrl }: { ctx: ServiceContext; input: SamlConnectionInput; baseUrl: string }): Promise<string> {
  authorize(ctx.actor, "signInSettings.manage");
  const values = parseInput(samlConnectionInputSchema, input);
  const institutionId = ctx.actor.institutionId;
  const saved = await findSsoConnection(ctx.db, { institutionId, protocol: "saml" });
  const resolved = await resolveMetadata(values, saved?.samlIdpMetadataXml ?? null);
  let idp;
  try {
    idp = parseIdpMetadata(resolved.xml);
  } catch (err) {
    const field = values.metadataXml ? "metadataXml" : "metadataUrl";
    if (err instanceof AppError) throw new AppError(err.code, err.message, { [field]: err.message });
    throw err;
  }
  // Kept metadata keeps the URL it came from.
  const metadataUrl = values.metadataUrl ?? (values.metadataXml ? null : (saved?.samlIdpMetadataUrl ?? null));
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as ServiceContext["db"] };
    const before = await findSsoConnection(tx, { institutionId, protocol: "saml" });
    const id = await upsertSamlConnection(
      tx,
      institutionId,
      {
        displayName: values.displayName,
        enabled: values.enabled,
        samlIdpMetadataXml: resolved.xml,
        samlIdpMetadataUrl: metadataUrl,
        samlIdpEntityId: idp.entityId,
        samlIdpSsoUrl: idp.ssoUrl,
        samlIdpCertificates: idp.certificates,
        samlSpEntityId: before?.samlSpEntityId ?? samlEndpoints(baseUrl, institutionId).entityId,
        samlEmailAttribute: values.emailAttribute,
      },
      ctx.now,
    );
    if (before?.enabled && !values.enabled && !(await readSignInSettings(tx, institutionId)).passwordSignInAllowed) {
      await assertSsoWayIn(txCtx, "The connection stays enabled");
    }
    const sameCertificates = JSON.stringify(before?.samlIdpCertificates ?? null) === JSON.stringify(idp.certificates);
    const changes: [string, unknown, unknown][] = [
      ["saml.displayName", before?.displayName ?? null, values.displayName],
      ["saml.enabled", before?.enabled ?? null, values.enabled],
      ["saml.idpEntityId", before?.samlIdpEntityId ?? null, idp.entityId],
      ["saml.idpSsoUrl", before?.samlIdpSsoUrl ?? null, idp.ssoUrl],
      ["saml.metadataUrl", before?.samlIdpMetadataUrl ?? null, metadataUrl],
      ["saml.emailAttribute", before?.samlEmailAttribute ?? null, values.emailAttribute],
      ["saml.certificates", before ? `${before.samlIdpCertificates?.length ?? 0} saved` : null, sameCertificates ? `${idp.certificates.length} saved` : `${idp.certificates.length} changed`],
    ];
    await insertSettingsAudit(
      tx,
      institutionId,
      changes.filter(([, a, b]) => a !== b).map(([field, oldValue, newValue]) => ({ scope: "SIGN_IN", field, oldValue, newValue })),
      { userId: ctx.actor.userId, now: ctx.now },
    );
    log.info("saml connection saved", { institutionId, connectionId: id, userId: ctx.actor.userId });
    return id;
  });
}

/**
 * Removes the institution's SAML connection (its identities and pending requests go with it);
 * NOT_FOUND when there is none; refused while it is the way in of an institution without passwords.
 */
export async function removeSamlConnection({ ctx }: { ctx: ServiceContext }): Promise<void> {
  authorize(ctx.actor, "signInSettings.manage");
  const institutionId = ctx.actor.institutionId;
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as ServiceContext["db"] };
    if (!(await deleteSsoConnection(tx, { institutionId, protocol: "saml" }))) throw new AppError("NOT_FOUND", "There is no SAML connection.");
    if (!(await readSignInSettings(tx, institutionId)).passwordSignInAllowed) await assertSsoWayIn(txCtx, "The connection stays");
    await insertSettingsAudit(tx, institutionId, [{ scope: "SIGN_IN", field: "saml", oldValue: "configured", newValue: null }], {
      userId: ctx.actor.userId,
      now: ctx.now,
    });
    log.info("saml connection removed", { institutionId, userId: ctx.actor.userId });
  });
}
