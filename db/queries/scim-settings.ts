import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { scimAuthFailures, scimSettings, securityRoles, users } from "@/db/schema";
import type { ScimNumberOnDeactivation } from "@/db/schema/scim";

/*
 * SCIM 2.0 provisioning's settings (issue 19.4): the token, the options, refused requests.
 * Every query but the token look-up and the failure count (which happen before any institution
 * is known) is scoped by institution. The users are in scim-users.ts.
 */

export type ScimSettingsRow = {
  institutionId: string;
  tokenPrefix: string | null;
  tokenCreatedAt: Date | null;
  tokenCreatedByName: string | null;
  tokenLastUsedAt: Date | null;
  numberOnDeactivation: ScimNumberOnDeactivation;
  newUserRoleId: string | null;
};

/** The institution's SCIM settings (never the token's hash), or undefined before the first write. */
export async function findScimSettings(db: DbOrTx, institutionId: string): Promise<ScimSettingsRow | undefined> {
  const [row] = await db
    .select({
      institutionId: scimSettings.institutionId,
      tokenPrefix: scimSettings.tokenPrefix,
      tokenCreatedAt: scimSettings.tokenCreatedAt,
      tokenCreatedByName: users.displayName,
      tokenLastUsedAt: scimSettings.tokenLastUsedAt,
      numberOnDeactivation: scimSettings.numberOnDeactivation,
      newUserRoleId: scimSettings.newUserRoleId,
    })
    .from(scimSettings)
    .leftJoin(users, and(eq(users.id, scimSettings.tokenCreatedByUserId), eq(users.institutionId, scimSettings.institutionId)))
    .where(eq(scimSettings.institutionId, institutionId));
  return row && { ...row, numberOnDeactivation: row.numberOnDeactivation as ScimNumberOnDeactivation };
}

/** Stores a new token's hash (replacing any earlier token at once). */
export async function saveScimToken(
  db: DbOrTx,
  p: { institutionId: string; tokenHash: string; tokenPrefix: string; byUserId: string; now: Date },
): Promise<void> {
  const token = { tokenHash: p.tokenHash, tokenPrefix: p.tokenPrefix, tokenCreatedAt: p.now, tokenCreatedByUserId: p.byUserId, tokenLastUsedAt: null, updatedAt: p.now };
  await db
    .insert(scimSettings)
    .values({ institutionId: p.institutionId, ...token })
    .onConflictDoUpdate({ target: scimSettings.institutionId, set: token });
}

/** Forgets the institution's token; false when there was none. */
export async function clearScimToken(db: DbOrTx, p: { institutionId: string; now: Date }): Promise<boolean> {
  const rows = await db
    .update(scimSettings)
    .set({ tokenHash: null, tokenPrefix: null, tokenCreatedAt: null, tokenCreatedByUserId: null, tokenLastUsedAt: null, updatedAt: p.now })
    .where(and(eq(scimSettings.institutionId, p.institutionId), sql`${scimSettings.tokenHash} is not null`))
    .returning({ id: scimSettings.institutionId });
  return rows.length > 0;
}

export async function saveScimOptions(
  db: DbOrTx,
  p: { institutionId: string; numberOnDeactivation: ScimNumberOnDeactivation; newUserRoleId: string | null; now: Date },
): Promise<void> {
  const options = { numberOnDeactivation: p.numberOnDeactivation, newUserRoleId: p.newUserRoleId, updatedAt: p.now };
  await db
    .insert(scimSettings)
    .values({ institutionId: p.institutionId, ...options })
    .onConflictDoUpdate({ target: scimSettings.institutionId, set: options });
}

/** The institution whose current token has this hash, with its options. */
export async function findScimTokenOwner(db: DbOrTx, tokenHash: string) {
  const [row] = await db
    .select({ institutionId: scimSettings.institutionId, tokenLastUsedAt: scimSettings.tokenLastUsedAt })
    .from(scimSettings)
    .where(eq(scimSettings.tokenHash, tokenHash));
  return row;
}

/** Records the token's use, at most once a minute, so a busy directory doesn't write on every call. */
export async function touchScimToken(db: DbOrTx, p: { institutionId: string; now: Date }): Promise<void> {
  await db
    .update(scimSettings)
    .set({ tokenLastUsedAt: p.now })
    .where(
      and(
        eq(scimSettings.institutionId, p.institutionId),
        or(isNull(scimSettings.tokenLastUsedAt), lt(scimSettings.tokenLastUsedAt, new Date(p.now.getTime() - 60_000))),
      ),
    );
}

/** Counts one refused request of `client` in the window starting at `windowStart`; returns the window's count. */
export async function countScimAuthFailure(db: DbOrTx, p: { client: string; windowStart: Date }): Promise<number> {
  const [row] = await db
    .insert(scimAuthFailures)
    .values({ client: p.client, windowStart: p.windowStart, failures: 1 })
    .onConflictDoUpdate({
      target: scimAuthFailures.client,
      set: {
        failures: sql`case when ${scimAuthFailures.windowStart} = excluded.window_start then ${scimAuthFailures.failures} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ failures: scimAuthFailures.failures });
  return row.failures;
}

/** A staff role of the institution, for the role of users the directory creates. */
export type ScimRoleOption = { id: string; name: string; grantsAdmin: boolean };

export function listScimRoleOptions(db: DbOrTx, institutionId: string): Promise<ScimRoleOption[]> {
  return db
    .select({ id: securityRoles.id, name: securityRoles.name, grantsAdmin: securityRoles.grantsAdmin })
    .from(securityRoles)
    .where(and(eq(securityRoles.institutionId, institutionId), eq(securityRoles.kind, "STAFF")))
    .orderBy(asc(securityRoles.name), asc(securityRoles.id));
}
