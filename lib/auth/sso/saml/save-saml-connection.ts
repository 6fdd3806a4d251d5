import "server-only";
import { z } from "zod";
import { deleteSsoConnection, findSsoConnection, upsertSamlConnection } from "@/db/queries/sso-connections";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { fetchIdpMetadata } from "./fetch-idp-metadata";
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

/**
 * Saves the institution's SAML connection (issue 19.1, Administration → Sign-in): the IdP's
 * metadata from a URL (fetched now, over https — or http to this machine, for test IdPs) or
 * pasted XML (neither: the saved metadata stays), read by parseIdpMetadata; the metadata is
 * kept, so sign-in never depends on fetching it again. Our SP entity id is saved with it (saml-endpoints.ts). Administrators of
 * the institution only (signInSettings.manage); bad metadata is a VALIDATION error naming the
 * field, and nothing changes. Returns the connection id.
 */
export async function saveSamlConnection({ ctx, input, baseUrl }: { ctx: ServiceContext; input: SamlConnectionInput; baseUrl: string }): Promise<string> {
  authorize(ctx.actor, "signInSettings.manage");
  const values = parseInput(samlConnectionInputSchema, input);
  const institutionId = ctx.actor.institutionId;
  if (values.metadataUrl && values.metadataXml) {
    const message = "Give the metadata URL or paste the metadata XML, not both.";
    throw new AppError("VALIDATION", message, { metadataXml: message });
  }
  let xml = values.metadataXml;
  if (!values.metadataUrl && !xml) {
    // Neither: keep the metadata saved before (a change of name or email attribute only).
    xml = (await findSsoConnection(ctx.db, { institutionId, protocol: "saml" }))?.samlIdpMetadataXml ?? null;
    if (!xml) {
      const message = "Give your identity provider's metadata URL, or paste its metadata XML.";
      throw new AppError("VALIDATION", message, { metadataUrl: message });
    }
  }
  if (values.metadataUrl) {
    try {
      xml = await fetchIdpMetadata(values.metadataUrl);
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, err.message, { metadataUrl: err.message });
      throw err;
    }
  }
  let idp;
  try {
    idp = parseIdpMetadata(xml ?? "");
  } catch (err) {
    const field = values.metadataUrl ? "metadataUrl" : "metadataXml";
    if (err instanceof AppError) throw new AppError(err.code, err.message, { [field]: err.message });
    throw err;
  }
  const id = await upsertSamlConnection(
    ctx.db,
    institutionId,
    {
      displayName: values.displayName,
      enabled: values.enabled,
      samlIdpMetadataXml: xml,
      samlIdpMetadataUrl: values.metadataUrl,
      samlIdpEntityId: idp.entityId,
      samlIdpSsoUrl: idp.ssoUrl,
      samlIdpCertificates: idp.certificates,
      samlSpEntityId: samlEndpoints(baseUrl, institutionId).entityId,
      samlEmailAttribute: values.emailAttribute,
    },
    ctx.now,
  );
  log.info("saml connection saved", { institutionId, connectionId: id, userId: ctx.actor.userId });
  return id;
}

/** Removes the institution's SAML connection (its identities and pending requests go with it). */
export async function removeSamlConnection({ ctx }: { ctx: ServiceContext }): Promise<boolean> {
  authorize(ctx.actor, "signInSettings.manage");
  const removed = await deleteSsoConnection(ctx.db, { institutionId: ctx.actor.institutionId, protocol: "saml" });
  if (removed) log.info("saml connection removed", { institutionId: ctx.actor.institutionId, userId: ctx.actor.userId });
  return removed;
}
