import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { personRoles, persons, securityRoles, smsPermittedRoles, users } from "@/db/schema";

/** A user who may act, with the facts their capabilities are decided from (lib/auth/load-actor.ts). */
export type ActorRecord = {
  userId: string;
  personId: string | null;
  institutionId: string;
  displayName: string;
  email: string;
  isOperator: boolean;
  /** The security roles of the user's person (none without a person). */
  roles: { id: string; kind: "STAFF" | "STUDENT"; grantsAdmin: boolean }[];
  /** The institution's Permitted Roles (SPEC §4.1). */
  permittedRoleIds: string[];
};

/**
 * A user and the current facts behind their capabilities, read fresh, so a role or Permitted
 * Roles change takes effect on the next request. Null for an unknown or disabled user, a user
 * whose person is marked deleted (by an administrator, the API or an SIS import), and — given
 * the session token's `sessionVersion` — a token issued before the user's last sign-out or
 * disabling.
 */
export async function findActorRecord(db: DbOrTx, userId: string, token?: { sessionVersion: number }): Promise<ActorRecord | null> {
  const [user] = await db
    .select({
      id: users.id,
      institutionId: users.institutionId,
      personId: users.personId,
      email: users.email,
      displayName: users.displayName,
      isOperator: users.isOperator,
      disabled: users.disabled,
      personDeleted: persons.deleted,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .leftJoin(persons, and(eq(persons.id, users.personId), eq(persons.institutionId, users.institutionId)))
    .where(eq(users.id, userId));
  if (!user || user.disabled || user.personDeleted) return null;
  if (token && token.sessionVersion !== user.sessionVersion) return null;

  const roles = user.personId
    ? await db
        .select({ id: securityRoles.id, kind: securityRoles.kind, grantsAdmin: securityRoles.grantsAdmin })
        .from(personRoles)
        .innerJoin(securityRoles, eq(securityRoles.id, personRoles.roleId))
        .where(and(eq(personRoles.personId, user.personId), eq(personRoles.institutionId, user.institutionId)))
    : [];
  const permitted = await db
    .select({ roleId: smsPermittedRoles.roleId })
    .from(smsPermittedRoles)
    .where(eq(smsPermittedRoles.institutionId, user.institutionId));

  return {
    userId: user.id,
    personId: user.personId,
    institutionId: user.institutionId,
    displayName: user.displayName,
    email: user.email,
    isOperator: user.isOperator,
    roles: roles.map((r) => ({ id: r.id, kind: r.kind as "STAFF" | "STUDENT", grantsAdmin: r.grantsAdmin })),
    permittedRoleIds: permitted.map((p) => p.roleId),
  };
}

/**
 * The session version of a user who may still sign in (not disabled, person not deleted), or
 * null. One indexed lookup: the session callback runs it on every request that carries a token.
 */
export async function findActiveSessionVersion(db: DbOrTx, userId: string): Promise<number | null> {
  const [row] = await db
    .select({ sessionVersion: users.sessionVersion })
    .from(users)
    .leftJoin(persons, and(eq(persons.id, users.personId), eq(persons.institutionId, users.institutionId)))
    .where(and(eq(users.id, userId), eq(users.disabled, false), or(isNull(persons.id), eq(persons.deleted, false))));
  return row?.sessionVersion ?? null;
}

/**
 * Ends every session of the user issued with `sessionVersion` (sign-out): the version moves on
 * only if it still matches, so replaying an already stale token's sign-out changes nothing.
 */
export async function bumpSessionVersion(db: DbOrTx, userId: string, sessionVersion?: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(sessionVersion === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.sessionVersion, sessionVersion)));
}
