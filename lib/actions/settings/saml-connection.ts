"use server";

import { z } from "zod";
import { findSsoConnection } from "@/db/queries/sso-connections";
import { action } from "@/lib/action";
import { toSamlConnectionView, type SamlConnectionView } from "@/lib/auth/sso/connection-views";
import { removeSamlConnection, saveSamlConnection } from "@/lib/auth/sso/saml/save-saml-connection";
import { getEnv } from "@/lib/env";

/*
 * Administration → Sign-in → SAML 2.0 (issue 19.1). The service validates the values (zod) and
 * reads the metadata; the form's checkbox arrives as "true" or not at all.
 */
const form = z.object({
  displayName: z.string().default(""),
  enabled: z
    .string()
    .optional()
    .transform((v) => v === "true"),
  metadataUrl: z.string().optional(),
  metadataXml: z.string().optional(),
  emailAttribute: z.string().optional(),
});
const options = { permission: "signInSettings.manage", revalidate: "/admin/sign-in" } as const;

export const saveSamlConnectionSettings = action(form, options, async ({ ctx, input }): Promise<SamlConnectionView> => {
  await saveSamlConnection({ ctx, input, baseUrl: getEnv().PUBLIC_BASE_URL });
  const saved = await findSsoConnection(ctx.db, { institutionId: ctx.actor.institutionId, protocol: "saml" });
  return toSamlConnectionView(saved!);
});

export const removeSamlConnectionSettings = action(z.object({}).loose(), options, ({ ctx }) => removeSamlConnection({ ctx }));
