import { and, asc, eq, inArray, notExists, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { securityRoles, signInEmailDomains, signInSettings, ssoConnections, ssoIdentities, users } from "@/db/schema";

export type SignInSettingsRow = {
  passwordSignInAllowed: boolean;
  jitProvisioning: boolean;
  jitDefaultRoleId: string | null;
  jitDefaultRoleCode: string | null;
  emailDomains: string[];
};

/** An institution's sign-in settings (the defaults when it has no row) and its routed email domains. */
export async function readSignInSettings(db: DbOrTx, institutionId: string, opts: { forUpdate?: boolean } = {}): Promise<SignInSettingsRow> {
  const query = db
    .select({
      passwordSignInAllowed: signInSettings.passwordSignInAllowed,
      jitProvisioning: signInSettings.jitProvisioning,
      jitDefaultRoleId: signInSettings.jitDefaultRoleId,
      jitDefaultRoleCode: securityRoles.code,
    })
    .from(signInSettings)
    .leftJoin(securityRoles, and(eq(securityRoles.id, signInSettings.jitDefaultRoleId), eq(securityRoles.institutionId, institutionId)))
    .where(eq(signInSettings.institutionId, institutionId));
  const [row] = opts.forUpdate ? await query.for("update", { of: signInSettings }) : await query;
  const domains = await db
    .select({ domain: signInEmailDomains.domain })
    .from(signInEmailDomains)
    .where(eq(signInEmailDomains.institutionId, institutionId))
    .orderBy(asc(signInEmailDomains.domain));
  return {
    passwordSignInAllowed: row?.passwordSignInAllowed ?? true,
    jitProvisioning: row?.jitProvisioning ?? false,
    jitDefaultRoleId: row?.jitDefaultRoleId ?? null,
    jitDefaultRoleCode: row?.jitDefaultRoleCode ?? null,
    emailDomains: domains.map((d) => d.domain),
  };
}

/** Creates the row with its defaults when missing, so `readSignInSettings(…, { forUpdate })` can lock it. */
export async function ensureSignInSettingsRow(db: DbOrTx, institutionId: string) {
  await db.insert(signInSettings).values({ institutionId }).onConflictDoNothing();
}

export async function updateSignInSettingsRow(
  db: DbOrTx,
  institutionId: string,
  values: { passwordSignInAllowed: boolean; jitProvisioning: boolean; jitDefaultRoleId: string | null },
  now: Date,
) {
  await db
    .update(signInSettings)
    .set({ ...values, updatedAt: now })
    .where(eq(signInSettings.institutionId, institutionId));
}

/**
 * Makes `domains` the institution's routed email domains. Returns the domains another
 * institution already routes (nothing is changed then), so the caller can refuse by name.
 */
export async function replaceEmailDomains(db: DbOrTx, institutionId: string, domains: readonly string[]): Promise<{ takenElsewhere: string[] }> {
  if (domains.length > 0) {
    const taken = await db
      .select({ domain: signInEmailDomains.domain })
      .from(signInEmailDomains)
      .where(and(inArray(signInEmailDomains.domain, [...domains]), sql`${signInEmailDomains.institutionId} <> ${institutionId}`));
    if (taken.length > 0) return { takenElsewhere: taken.map((t) => t.domain).sort() };
  }
  await db.delete(signInEmailDomains).where(eq(signInEmailDomains.institutionId, institutionId));
  if (domains.length > 0) {
    // A concurrent save of the same domain elsewhere fails on the primary key: the caller's transaction rolls back.
    await db.insert(signInEmailDomains).values(domains.map((domain) => ({ domain, institutionId })));
  }
  return { takenElsewhere: [] };
}

/** The institution an email domain routes to, if any. Platform-wide: the institution is what it finds. */
export async function findInstitutionOfEmailDomain(db: DbOrTx, domain: string): Promise<string | null> {
  const [row] = await db
    .select({ institutionId: signInEmailDomains.institutionId })
    .from(signInEmailDomains)
    .where(eq(signInEmailDomains.domain, domain));
  return row?.institutionId ?? null;
}

/** A staff role of the institution by id, with whether it grants administration; undefined when not found. */
export async function findInstitutionRole(db: DbOrTx, params: { institutionId: string; roleId: string }) {
  const [row] = await db
    .select({ id: securityRoles.id, code: securityRoles.code, kind: securityRoles.kind, grantsAdmin: securityRoles.grantsAdmin })
    .from(securityRoles)
    .where(and(eq(securityRoles.institutionId, params.institutionId), eq(securityRoles.id, params.roleId)));
  return row;
}

/** The roles a just-in-time user may get: the institution's staff roles that do not grant administration. */
export async function listJitRoleChoices(db: DbOrTx, institutionId: string) {
  return db
    .select({ id: securityRoles.id, code: securityRoles.code, name: securityRoles.name })
    .from(securityRoles)
    .where(and(eq(securityRoles.institutionId, institutionId), eq(securityRoles.kind, "STAFF"), eq(securityRoles.grantsAdmin, false)))
    .orderBy(asc(securityRoles.name));
}

/**
 * Of the institution's enabled users that must keep a way in when passwords are switched off —
 * the given users and every platform operator of the institution — those who have never signed
 * in through one of its enabled SSO connections.
 */
export async function listUsersWithoutSsoWayIn(db: DbOrTx, params: { institutionId: string; userIds: readonly string[] }) {
  return db
    .select({ userId: users.id, email: users.email, isOperator: users.isOperator })
    .from(users)
    .where(
      and(
        eq(users.institutionId, params.institutionId),
        eq(users.disabled, false),
        params.userIds.length > 0 ? sql`(${users.isOperator} or ${inArray(users.id, [...params.userIds])})` : eq(users.isOperator, true),
        notExists(
          db
            .select({ one: sql`1` })
            .from(ssoIdentities)
            .innerJoin(ssoConnections, eq(ssoConnections.id, ssoIdentities.connectionId))
            .where(and(eq(ssoIdentities.userId, users.id), eq(ssoConnections.institutionId, params.institutionId), eq(ssoConnections.enabled, true))),
        ),
      ),
    )
    .orderBy(asc(users.email));
}

/** Whether the user's institution lets passwords sign in (true without a settings row). */
export async function isPasswordSignInAllowed(db: DbOrTx, institutionId: string): Promise<boolean> {
  const [row] = await db
    .select({ allowed: signInSettings.passwordSignInAllowed })
    .from(signInSettings)
    .where(eq(signInSettings.institutionId, institutionId));
  return row?.allowed ?? true;
}

/** Routes `domain` to the institution unless some institution already has it; whether it was added. */
export async function addEmailDomainIfFree(db: DbOrTx, params: { institutionId: string; domain: string }): Promise<boolean> {
  const added = await db.insert(signInEmailDomains).values(params).onConflictDoNothing().returning({ domain: signInEmailDomains.domain });
  return added.length > 0;
}
