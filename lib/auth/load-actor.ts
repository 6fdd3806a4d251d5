import "server-only";
import type { DbOrTx } from "@/db";
import { findActorRecord } from "@/db/queries/actors";
import { decideCapabilities, type Actor } from "@/lib/auth/capabilities";

/**
 * Loads a user as an Actor with capabilities decided from current data (roles, Permitted Roles,
 * the operator flag), so a change takes effect on the next request. Null for a user who may
 * not act: unknown, disabled, person deleted, or — given the session token's `sessionVersion`
 * — a token from before the user's last sign-out or disabling (see findActorRecord).
 */
export async function loadActor(db: DbOrTx, userId: string, token?: { sessionVersion: number }): Promise<Actor | null> {
  const record = await findActorRecord(db, userId, token);
  if (!record) return null;
  const { roles, permittedRoleIds, isOperator, ...user } = record;
  return { kind: "user", ...user, capabilities: decideCapabilities({ roles, permittedRoleIds, isOperator }) };
}
