import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { personEmails, personRoles, persons, ssoIdentities, ssoSignInGrants, users } from "@/db/schema";

/** The user an identity of a connection signed in as before, if any. */
export async function findSsoIdentityUser(db: DbOrTx, params: { connectionId: string; subject: string }): Promise<string | null> {
  const [row] = await db
    .select({ userId: ssoIdentities.userId })
    .from(ssoIdentities)
    .where(and(eq(ssoIdentities.connectionId, params.connectionId), eq(ssoIdentities.subject, params.subject)));
  return row?.userId ?? null;
}

/** Records (or refreshes) that the identity signed in as the user. */
export async function recordSsoIdentity(
  db: DbOrTx,
  params: { institutionId: string; connectionId: string; subject: string; userId: string; now: Date },
) {
  await db
    .insert(ssoIdentities)
    .values({ ...params, createdAt: params.now, lastSignInAt: params.now })
    .onConflictDoUpdate({
      target: [ssoIdentities.connectionId, ssoIdentities.subject],
      set: { lastSignInAt: params.now },
      // Never re-points an identity at another user (checked before; this holds under a race too).
      setWhere: eq(ssoIdentities.userId, params.userId),
    });
}

/**
 * Just-in-time provisioning: a staff person with the email as primary address and one role, and
 * their user (no password), in one transaction. Returns the user's id.
 */
export async function createJitStaffUser(
  db: DbOrTx,
  params: { institutionId: string; email: string; firstName: string; lastName: string; roleId: string; now: Date },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [person] = await tx
      .insert(persons)
      .values({ institutionId: params.institutionId, firstName: params.firstName, lastName: params.lastName, source: "MANUAL", createdAt: params.now, updatedAt: params.now })
      .returning({ id: persons.id });
    await tx.insert(personEmails).values({ institutionId: params.institutionId, personId: person.id, email: params.email, isPrimary: true, createdAt: params.now });
    await tx.insert(personRoles).values({ institutionId: params.institutionId, personId: person.id, roleId: params.roleId, createdAt: params.now });
    const [user] = await tx
      .insert(users)
      .values({
        institutionId: params.institutionId,
        personId: person.id,
        email: params.email,
        displayName: `${params.firstName} ${params.lastName}`,
        createdAt: params.now,
        updatedAt: params.now,
      })
      .returning({ id: users.id });
    return user.id;
  });
}

/** Stores a one-time sign-in grant (its hash only). */
export async function insertSignInGrant(
  db: DbOrTx,
  params: { tokenHash: string; institutionId: string; userId: string; connectionId: string; now: Date; expiresAt: Date },
) {
  await db.insert(ssoSignInGrants).values({
    tokenHash: params.tokenHash,
    institutionId: params.institutionId,
    userId: params.userId,
    connectionId: params.connectionId,
    createdAt: params.now,
    expiresAt: params.expiresAt,
  });
  // Housekeeping: grants are useless once expired; a day's are kept for inspection.
  await db.delete(ssoSignInGrants).where(lt(ssoSignInGrants.expiresAt, new Date(params.now.getTime() - 86_400_000)));
}

/**
 * Uses a grant: marks it used if it is unused and unexpired, in one conditional UPDATE (two
 * redemptions of one grant cannot both succeed). Returns its user and institution, or null.
 */
export async function redeemSignInGrant(db: DbOrTx, params: { tokenHash: string; now: Date }) {
  const [row] = await db
    .update(ssoSignInGrants)
    .set({ usedAt: params.now })
    .where(and(eq(ssoSignInGrants.tokenHash, params.tokenHash), isNull(ssoSignInGrants.usedAt), gt(ssoSignInGrants.expiresAt, params.now)))
    .returning({ userId: ssoSignInGrants.userId, institutionId: ssoSignInGrants.institutionId, connectionId: ssoSignInGrants.connectionId });
  return row ?? null;
}

/** How many grants are stored with this hash and whether used (tests). */
export async function countSignInGrants(db: DbOrTx, institutionId: string) {
  const [row] = await db
    .select({ total: sql<number>`count(*)::int`, used: sql<number>`count(${ssoSignInGrants.usedAt})::int` })
    .from(ssoSignInGrants)
    .where(eq(ssoSignInGrants.institutionId, institutionId));
  return row;
}

/** A user for a session, by id within an institution; `disabled` also when their person is deleted (as findSignInCredential). */
export async function findSessionUser(db: DbOrTx, params: { institutionId: string; userId: string }) {
  const [row] = await db
    .select({
      userId: users.id,
      institutionId: users.institutionId,
      personId: users.personId,
      displayName: users.displayName,
      email: users.email,
      disabled: sql<boolean>`${users.disabled} or coalesce(${persons.deleted}, false)`,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .leftJoin(persons, and(eq(persons.id, users.personId), eq(persons.institutionId, users.institutionId)))
    .where(and(eq(users.id, params.userId), eq(users.institutionId, params.institutionId)));
  return row ?? null;
}
