import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { type SmsDefaultStatus, appSettings, institutions, phoneTypes, securityRoles, settingsAudit, smsPermittedRoles, smsSettings } from "@/db/schema";

/** Creates the institution's settings rows with their defaults when missing; never changes existing ones. */
export async function ensureSettingsRows(db: DbOrTx, institutionId: string) {
  await db.insert(smsSettings).values({ institutionId }).onConflictDoNothing();
  await db.insert(appSettings).values({ institutionId }).onConflictDoNothing();
}

/**
 * The SMS settings, limits and smsMaxLength of one institution (rows must exist:
 * `ensureSettingsRows`). `forUpdate` locks the three rows until the transaction ends.
 */
export async function readSettings(db: DbOrTx, institutionId: string, opts: { forUpdate?: boolean } = {}) {
  const query = db
    .select({
      studentDefaultStatus: sql<SmsDefaultStatus>`${smsSettings.studentDefaultStatus}`,
      staffDefaultStatus: sql<SmsDefaultStatus>`${smsSettings.staffDefaultStatus}`,
      defaultPhoneTypeId: smsSettings.defaultPhoneTypeId,
      replyEmailSubject: smsSettings.replyEmailSubject,
      replyEmailBody: smsSettings.replyEmailBody,
      smsMonthlyLimit: institutions.smsMonthlyLimit,
      smsPhoneNumberLimit: institutions.smsPhoneNumberLimit,
      smsMaxLength: appSettings.smsMaxLength,
      quietHoursEnabled: smsSettings.quietHoursEnabled,
      quietWindowStartMinute: smsSettings.quietWindowStartMinute,
      quietWindowEndMinute: smsSettings.quietWindowEndMinute,
      quietReplyExemptMinutes: smsSettings.quietReplyExemptMinutes,
      firstContactFooter: smsSettings.firstContactFooter,
    })
    .from(smsSettings)
    .innerJoin(institutions, eq(institutions.id, smsSettings.institutionId))
    .innerJoin(appSettings, eq(appSettings.institutionId, smsSettings.institutionId))
    .where(eq(smsSettings.institutionId, institutionId));
  const [row] = opts.forUpdate ? await query.for("update", { of: [smsSettings, institutions, appSettings] }) : await query;
  if (!row) return undefined;
  const { defaultPhoneTypeId, ...settings } = row;
  const [type] = defaultPhoneTypeId
    ? await db
        .select({ srcSystemId: phoneTypes.srcSystemId })
        .from(phoneTypes)
        .where(and(eq(phoneTypes.institutionId, institutionId), eq(phoneTypes.id, defaultPhoneTypeId)))
    : [];
  const permitted = await db
    .select({ code: securityRoles.code })
    .from(smsPermittedRoles)
    .innerJoin(securityRoles, eq(securityRoles.id, smsPermittedRoles.roleId))
    .where(eq(smsPermittedRoles.institutionId, institutionId));
  return { ...settings, defaultPhoneTypeSrcSystemId: type?.srcSystemId ?? null, permittedRoleCodes: permitted.map((p) => p.code).sort() };
}

export async function updateSmsSettingsRow(
  db: DbOrTx,
  institutionId: string,
  values: Partial<
    Pick<
      typeof smsSettings.$inferInsert,
      | "studentDefaultStatus"
      | "staffDefaultStatus"
      | "defaultPhoneTypeId"
      | "replyEmailSubject"
      | "replyEmailBody"
      | "quietHoursEnabled"
      | "quietWindowStartMinute"
      | "quietWindowEndMinute"
      | "quietReplyExemptMinutes"
      | "firstContactFooter"
    >
  >,
  now: Date,
) {
  await db.update(smsSettings).set({ ...values, updatedAt: now }).where(eq(smsSettings.institutionId, institutionId));
}

export async function updateSmsMaxLength(db: DbOrTx, institutionId: string, smsMaxLength: number, now: Date) {
  await db.update(appSettings).set({ smsMaxLength, updatedAt: now }).where(eq(appSettings.institutionId, institutionId));
}

/** The two SMS limits live on the institution; only the platform operator changes them (SPEC §3). */
export async function updateSmsLimits(
  db: DbOrTx,
  institutionId: string,
  values: { smsMonthlyLimit?: number; smsPhoneNumberLimit?: number },
  now: Date,
) {
  await db.update(institutions).set({ ...values, updatedAt: now }).where(eq(institutions.id, institutionId));
}

export async function replacePermittedRoles(db: DbOrTx, institutionId: string, roleIds: string[]) {
  await db.delete(smsPermittedRoles).where(eq(smsPermittedRoles.institutionId, institutionId));
  if (roleIds.length) await db.insert(smsPermittedRoles).values(roleIds.map((roleId) => ({ institutionId, roleId })));
}

export type SettingsAuditEntry = { scope: string; field: string; oldValue: unknown; newValue: unknown };

export async function insertSettingsAudit(
  db: DbOrTx,
  institutionId: string,
  entries: SettingsAuditEntry[],
  by: { userId: string | null; now: Date },
) {
  if (!entries.length) return;
  await db
    .insert(settingsAudit)
    .values(entries.map((e) => ({ institutionId, ...e, changedByUserId: by.userId, changedAt: by.now })));
}
