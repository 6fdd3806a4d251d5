import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { personRoles, securityRoles, smsPermittedRoles, users } from "@/db/schema";
import { decideCapabilities, type Actor } from "@/lib/auth/capabilities";

/**
 * Loads a user as an Actor with capabilities computed from current data, so a role or
 * Permitted Roles change takes effect on the next request. Null for unknown or disabled users.
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select({
      id: users.id,
      institutionId: users.institutionId,
      personId: users.personId,
      email: users.email,
      displayName: users.displayName,
      isOperator: users.isOperator,
      disabled: users.disabled,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.disabled) return null;

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
    kind: "user",
    userId: user.id,
    personId: user.personId,
    institutionId: user.institutionId,
    displayName: user.displayName,
    email: user.email,
    capabilities: decideCapabilities({
      roles: roles.map((r) => ({ id: r.id, kind: r.kind as "STAFF" | "STUDENT", grantsAdmin: r.grantsAdmin })),
      permittedRoleIds: permitted.map((p) => p.roleId),
      isOperator: user.isOperator,
    }),
  };
}
