import "server-only";
import type { DbOrTx } from "@/db";
import { addEmailDomainIfFree } from "@/db/queries/sign-in-settings";
import { findInstitutionIdBySlug, findSsoConnection, upsertOidcConnection } from "@/db/queries/sso-connections";
import { oidcSecretContext, sealSecret } from "./secret-box";

/**
 * The demo's OIDC connection (issue 19.6, `npm start`): the institution gets a connection to the
 * built-in test identity provider (scripts/demo-idp.ts) and its email domain, unless it already
 * has an OIDC connection to another provider (an administrator's own choice is never replaced).
 * Returns the connection's id, or null when the demo's is not in use.
 */
export async function ensureDemoOidcConnection(
  db: DbOrTx,
  input: { institutionSlug: string; displayName: string; issuer: string; clientId: string; clientSecret: string; domain: string; now: Date },
): Promise<string | null> {
  const institutionId = await findInstitutionIdBySlug(db, input.institutionSlug);
  if (!institutionId) return null;
  const existing = await findSsoConnection(db, { institutionId, protocol: "oidc" });
  if (existing && existing.oidcIssuer !== input.issuer) return null;
  const id = await upsertOidcConnection(
    db,
    institutionId,
    {
      displayName: existing?.displayName ?? input.displayName,
      enabled: existing?.enabled ?? true,
      oidcIssuer: input.issuer,
      oidcClientId: input.clientId,
      oidcTrustEmail: false,
      secret: { encrypted: sealSecret(input.clientSecret, oidcSecretContext(institutionId)), last4: input.clientSecret.slice(-4) },
    },
    input.now,
  );
  if (!existing) await addEmailDomainIfFree(db, { institutionId, domain: input.domain });
  return id;
}
