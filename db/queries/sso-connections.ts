import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { institutions, ssoConnections, type SsoConnection, type SsoProtocol } from "@/db/schema";

/** The institution's connection of a protocol (at most one each), enabled or not. */
export async function findSsoConnection(db: DbOrTx, params: { institutionId: string; protocol: SsoProtocol }): Promise<SsoConnection | undefined> {
  const [row] = await db
    .select()
    .from(ssoConnections)
    .where(and(eq(ssoConnections.institutionId, params.institutionId), eq(ssoConnections.protocol, params.protocol)));
  return row;
}

/**
 * A connection by id, whatever its institution: sign-in starts from a connection id (the
 * Auth.js provider id `oidc-<id>`, a SAML ACS URL) before any institution is known, and the
 * connection is what names the institution. Disabled ones are not returned.
 */
export async function findEnabledSsoConnectionById(db: DbOrTx, connectionId: string): Promise<SsoConnection | undefined> {
  const [row] = await db
    .select()
    .from(ssoConnections)
    .where(and(eq(ssoConnections.id, connectionId), eq(ssoConnections.enabled, true)));
  return row;
}

/** The institution's enabled connections, OIDC first: what its sign-in offers. */
export async function listEnabledSsoConnections(db: DbOrTx, institutionId: string) {
  return db
    .select({ id: ssoConnections.id, protocol: ssoConnections.protocol, displayName: ssoConnections.displayName })
    .from(ssoConnections)
    .where(and(eq(ssoConnections.institutionId, institutionId), eq(ssoConnections.enabled, true)))
    .orderBy(ssoConnections.protocol);
}

export type OidcConnectionValues = {
  displayName: string;
  enabled: boolean;
  oidcIssuer: string;
  oidcClientId: string;
  oidcTrustEmail: boolean;
  /** Omitted: keep the stored secret. */
  secret?: { encrypted: string; last4: string };
  /** The id a new connection gets (its redirect URI was shown before the first save); ignored on update. */
  newId?: string;
};

/**
 * Creates or updates the institution's OIDC connection; returns its id. Without a new secret it
 * only updates (the row's check wants a secret, and an insert attempt would be checked first).
 */
export async function upsertOidcConnection(db: DbOrTx, institutionId: string, values: OidcConnectionValues, now: Date): Promise<string> {
  const { secret, newId, ...rest } = values;
  if (!secret) {
    const [updated] = await db
      .update(ssoConnections)
      .set({ ...rest, updatedAt: now })
      .where(and(eq(ssoConnections.institutionId, institutionId), eq(ssoConnections.protocol, "oidc")))
      .returning({ id: ssoConnections.id });
    if (!updated) throw new Error("No OIDC connection to update: a new one needs its client secret.");
    return updated.id;
  }
  const secretColumns = { oidcClientSecretEncrypted: secret.encrypted, oidcClientSecretLast4: secret.last4 };
  const [row] = await db
    .insert(ssoConnections)
    .values({ ...(newId ? { id: newId } : {}), institutionId, protocol: "oidc", ...rest, ...secretColumns, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [ssoConnections.institutionId, ssoConnections.protocol],
      set: { ...rest, ...secretColumns, updatedAt: now },
    })
    .returning({ id: ssoConnections.id });
  return row.id;
}

/**
 * Creates or updates the institution's SAML connection (helper B's columns); returns its id.
 * `values` are the saml_* columns plus display name and enabled.
 */
export async function upsertSamlConnection(
  db: DbOrTx,
  institutionId: string,
  values: Pick<
    typeof ssoConnections.$inferInsert,
    | "displayName"
    | "enabled"
    | "samlIdpMetadataXml"
    | "samlIdpMetadataUrl"
    | "samlIdpEntityId"
    | "samlIdpSsoUrl"
    | "samlIdpCertificates"
    | "samlSpEntityId"
    | "samlEmailAttribute"
  >,
  now: Date,
): Promise<string> {
  const [row] = await db
    .insert(ssoConnections)
    .values({ institutionId, protocol: "saml", ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [ssoConnections.institutionId, ssoConnections.protocol], set: { ...values, updatedAt: now } })
    .returning({ id: ssoConnections.id });
  return row.id;
}

/** Deletes the institution's connection of a protocol (its identities and grants go with it); whether one was deleted. */
export async function deleteSsoConnection(db: DbOrTx, params: { institutionId: string; protocol: SsoProtocol }): Promise<boolean> {
  const deleted = await db
    .delete(ssoConnections)
    .where(and(eq(ssoConnections.institutionId, params.institutionId), eq(ssoConnections.protocol, params.protocol)))
    .returning({ id: ssoConnections.id });
  return deleted.length > 0;
}

/** An institution's id by its slug (the demo's identity provider is for `lakeside`). */
export async function findInstitutionIdBySlug(db: DbOrTx, slug: string): Promise<string | null> {
  const [row] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.slug, slug));
  return row?.id ?? null;
}
