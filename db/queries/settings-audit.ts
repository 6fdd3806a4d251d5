import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { settingsAudit, users } from "@/db/schema";

/** The latest settings_audit rows of the given scopes, newest first, with who changed them. */
export function listSettingsAudit(db: DbOrTx, institutionId: string, scopes: readonly string[], limit: number) {
  return db
    .select({
      id: settingsAudit.id,
      scope: settingsAudit.scope,
      field: settingsAudit.field,
      oldValue: settingsAudit.oldValue,
      newValue: settingsAudit.newValue,
      changedAt: settingsAudit.changedAt,
      changedByName: users.displayName,
      /** No user: the institution's directory made the change through SCIM (lib/scim). */
      byDirectory: sql<boolean>`${settingsAudit.changedByUserId} is null`,
    })
    .from(settingsAudit)
    .leftJoin(users, eq(users.id, settingsAudit.changedByUserId))
    .where(and(eq(settingsAudit.institutionId, institutionId), inArray(settingsAudit.scope, [...scopes])))
    .orderBy(desc(settingsAudit.changedAt), desc(settingsAudit.id))
    .limit(limit);
}
