import { and, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db";
import { settingsAudit, users } from "@/db/schema";

export type SignInState = {
  userId: string;
  email: string;
  disabled: boolean;
  disabledAt: Date | null;
  disabledByName: string | null;
};

const disabler = alias(users, "disabler");

/** The sign-in of the person (in the institution), or undefined when the person has none. */
export async function findSignInOfPerson(db: DbOrTx, params: { institutionId: string; personId: string }): Promise<SignInState | undefined> {
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      disabled: users.disabled,
      disabledAt: users.disabledAt,
      disabledByName: disabler.displayName,
    })
    .from(users)
    .leftJoin(disabler, eq(disabler.id, users.disabledByUserId))
    .where(and(eq(users.institutionId, params.institutionId), eq(users.personId, params.personId)));
  return row;
}

/**
 * Disables or re-enables a user's sign-in, with its settings_audit row, in one transaction.
 * Disabling also moves the session version on, so every session of the user ends at once (API
 * keys stop working because loadActor refuses a disabled user). No change when the user is
 * already in that state: returns false and writes nothing. `byUserId` is null when the
 * institution's directory made the change through SCIM (lib/scim).
 */
export async function updateUserSignIn(
  db: DbOrTx,
  params: { institutionId: string; userId: string; disabled: boolean; byUserId: string | null; now: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(users)
      .set({
        disabled: params.disabled,
        disabledAt: params.disabled ? params.now : null,
        disabledByUserId: params.disabled ? params.byUserId : null,
        updatedAt: params.now,
        ...(params.disabled ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
      })
      .where(and(eq(users.id, params.userId), eq(users.institutionId, params.institutionId), ne(users.disabled, params.disabled)))
      .returning({ id: users.id });
    if (changed.length === 0) return false;
    await tx.insert(settingsAudit).values({
      institutionId: params.institutionId,
      scope: "user-sign-in",
      field: params.userId,
      oldValue: { disabled: !params.disabled },
      newValue: { disabled: params.disabled },
      changedByUserId: params.byUserId,
      changedAt: params.now,
    });
    return true;
  });
}
