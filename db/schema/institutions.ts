import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { phoneTypes } from "./phones";
import { securityRoles } from "./people";
import { createdAt, inList, updatedAt, uuidPk } from "./_columns";
import { SMS_DEFAULT_STATUSES } from "./constants";

export const institutions = pgTable(
  "institutions",
  {
    id: uuidPk(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    /** IANA zone; the calendar month of the SMS Message Limit is counted in it (SPEC §3). */
    timeZone: text("time_zone").notNull().default("America/New_York"),
    /** SMS Message Limit: texts per calendar month. Provisioned by the platform operator. */
    smsMonthlyLimit: integer("sms_monthly_limit").notNull().default(0),
    /** SMS Phone Number Usage Limit: system numbers that may be assigned at once. */
    smsPhoneNumberLimit: integer("sms_phone_number_limit").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("institutions_slug_key").on(t.slug),
    check("institutions_limits_check", sql`${t.smsMonthlyLimit} >= 0 and ${t.smsPhoneNumberLimit} >= 0`),
  ],
);

/** Administration → Application. One row per institution. */
export const appSettings = pgTable(
  "app_settings",
  {
    institutionId: uuid("institution_id").primaryKey().references(() => institutions.id, { onDelete: "cascade" }),
    smsMaxLength: integer("sms_max_length").notNull().default(1000),
    updatedAt: updatedAt(),
  },
  (t) => [check("app_settings_sms_max_length_check", sql`${t.smsMaxLength} between 1 and 1600`)],
);

/** SMS Configuration → General Settings and Email Notifications. One row per institution. */
export const smsSettings = pgTable(
  "sms_settings",
  {
    institutionId: uuid("institution_id").primaryKey().references(() => institutions.id, { onDelete: "cascade" }),
    studentDefaultStatus: text("student_default_status").notNull().default("OPTED_OUT"),
    staffDefaultStatus: text("staff_default_status").notNull().default("OPTED_OUT"),
    /** Default SMS Phone Type: one of this institution's phone types. */
    defaultPhoneTypeId: uuid("default_phone_type_id").references((): AnyPgColumn => phoneTypes.id),
    replyEmailSubject: text("reply_email_subject").notNull().default("{{replierName}} replied to your text"),
    replyEmailBody: text("reply_email_body")
      .notNull()
      .default(
        "Hello {{staffName}},\n\n{{replierName}} ({{replierNumber}}) replied to your text message:\n\n{{replyText}}\n\nOpen the conversation: {{conversationLink}}",
      ),
    /** Quiet hours (SPEC §9): texts reach handsets only inside the recipient's allowed local window. */
    quietHoursEnabled: boolean("quiet_hours_enabled").notNull().default(true),
    /**
     * The institution's own narrowing of every window, in minutes after local midnight (null: none).
     * It can only narrow the law's window, never widen it.
     */
    quietWindowStartMinute: integer("quiet_window_start_minute"),
    quietWindowEndMinute: integer("quiet_window_end_minute"),
    /** A reply to a person who texted within this many minutes is not held (0: every text is held). */
    quietReplyExemptMinutes: integer("quiet_reply_exempt_minutes").notNull().default(60),
    /** SPEC §10: added to the first text a person ever receives from the institution (null: none). */
    firstContactFooter: text("first_contact_footer"),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      "sms_settings_quiet_window_check",
      sql`(${t.quietWindowStartMinute} is null or ${t.quietWindowStartMinute} between 0 and 1439)
        and (${t.quietWindowEndMinute} is null or ${t.quietWindowEndMinute} between 1 and 1440)
        and (${t.quietWindowStartMinute} is null or ${t.quietWindowEndMinute} is null or ${t.quietWindowStartMinute} < ${t.quietWindowEndMinute})`,
    ),
    check("sms_settings_first_contact_footer_check", sql`${t.firstContactFooter} is null or length(${t.firstContactFooter}) between 1 and 160`),
    check("sms_settings_quiet_reply_check", sql`${t.quietReplyExemptMinutes} between 0 and 1440`),
    check("sms_settings_student_default_check", sql`${t.studentDefaultStatus} in ${inList(SMS_DEFAULT_STATUSES)}`),
    check("sms_settings_staff_default_check", sql`${t.staffDefaultStatus} in ${inList(SMS_DEFAULT_STATUSES)}`),
  ],
);

/** SMS Configuration → General Settings → Permitted Roles (staff roles whose holders may text). */
export const smsPermittedRoles = pgTable(
  "sms_permitted_roles",
  {
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    roleId: uuid("role_id").notNull().references((): AnyPgColumn => securityRoles.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.roleId] })],
);

/**
 * Who changed which setting, when, from what to what (SPEC §3: every save is recorded).
 * `scope` names the screen (SMS_GENERAL, SMS_EMAIL, SMS_QUIET_HOURS, SMS_LIMITS, APPLICATION).
 */
export const settingsAudit = pgTable(
  "settings_audit",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    scope: text("scope").notNull(),
    field: text("field").notNull(),
    oldValue: jsonb("old_value"),
    newValue: jsonb("new_value"),
    changedByUserId: uuid("changed_by_user_id"),
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("settings_audit_institution_idx").on(t.institutionId, t.changedAt)],
);

export type Institution = typeof institutions.$inferSelect;
export type SmsSettings = typeof smsSettings.$inferSelect;
export type AppSettings = typeof appSettings.$inferSelect;
