import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { persons } from "./people";
import { users } from "./auth";
import { createdAt, inList, updatedAt, uuidPk } from "./_columns";
import { ACTOR_TYPES, PHONE_HISTORY_FIELDS, SMS_STATUSES } from "./constants";

/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
export const E164_SQL_PATTERN = "^\\+[1-9][0-9]{6,14}$";

export const phoneTypes = pgTable(
  "phone_types",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** `AVISO.SYSTEM` marks the System type of assigned Twilio numbers (SPEC §6). */
    srcSystemId: text("src_system_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("phone_types_src_system_id_key").on(t.institutionId, t.srcSystemId)],
);

export const personPhones = pgTable(
  "person_phones",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    personId: uuid("person_id").notNull().references(() => persons.id, { onDelete: "cascade" }),
    phoneTypeId: uuid("phone_type_id").notNull().references(() => phoneTypes.id),
    /** Always E.164; compared in E.164 everywhere (SPEC §5). */
    number: text("number").notNull(),
    smsStatus: text("sms_status").notNull().default("SMS_DEFAULT"),
    verified: boolean("verified").notNull().default(false),
    verifiedAt: timestamp("verified_at", { withTimezone: true, mode: "date" }),
    verifiedByUserId: uuid("verified_by_user_id").references(() => users.id, { onDelete: "set null" }),
    srcSystemId: text("src_system_id"),
    /** Copy of the phone type's src_system_id, as the SIS feed and the data view show it. */
    phoneTypeSrcSystemId: text("phone_type_src_system_id").notNull(),
    deleted: boolean("deleted").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("person_phones_person_idx").on(t.personId).where(sql`not ${t.deleted}`),
    /** Inbound texts are matched by number (SPEC §5). */
    index("person_phones_number_idx").on(t.institutionId, t.number),
    /** The Message Report's search by part of a number (issue 15.8): `number like '%5550142%'`. */
    index("person_phones_number_trgm_idx").using("gin", sql`${t.number} gin_trgm_ops`),
    index("person_phones_view_idx").on(t.institutionId, t.createdAt, t.id),
    uniqueIndex("person_phones_src_system_id_key").on(t.institutionId, t.srcSystemId),
    check("person_phones_number_e164_check", sql`${t.number} ~ '${sql.raw(E164_SQL_PATTERN)}'`),
    check("person_phones_sms_status_check", sql`${t.smsStatus} in ${inList(SMS_STATUSES)}`),
    check(
      "person_phones_verified_check",
      sql`(${t.verified} and ${t.verifiedAt} is not null) or (not ${t.verified})`,
    ),
  ],
);

/**
 * Every change of SMS status or verified (SPEC §2): old, new, when, by whom. A system change
 * names its reason (keyword, Twilio error, initiation) and the message that caused it.
 */
export const phoneHistory = pgTable(
  "phone_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    phoneId: uuid("phone_id").notNull().references(() => personPhones.id, { onDelete: "cascade" }),
    field: text("field").notNull(),
    oldValue: text("old_value"),
    newValue: text("new_value").notNull(),
    actorType: text("actor_type").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    reason: text("reason"),
    /** The message behind an automatic change (messages.id; not a FK so history outlives pruning). */
    messageId: bigint("message_id", { mode: "number" }),
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("phone_history_phone_idx").on(t.phoneId, t.changedAt),
    /** Opt-outs by day for the dashboard (issue 18): a STOP keyword or Twilio's 21610 disabling a record. */
    index("phone_history_opt_out_idx")
      .on(t.institutionId, t.changedAt)
      .where(sql`${t.field} = 'SMS_STATUS' and ${t.newValue} = 'SMS_DISABLED' and ${t.reason} in ('OPT_OUT_KEYWORD', 'TWILIO_RECIPIENT_UNSUBSCRIBED')`),
    /** Opt-outs by time (a send's results, issue 18): a small index of the rows an opt-out keyword wrote. */
    index("phone_history_opt_out_keyword_idx").on(t.institutionId, t.changedAt).where(sql`${t.reason} = 'OPT_OUT_KEYWORD'`),
    check("phone_history_field_check", sql`${t.field} in ${inList(PHONE_HISTORY_FIELDS)}`),
    check("phone_history_actor_check", sql`${t.actorType} in ${inList(ACTOR_TYPES)}`),
    check(
      "phone_history_actor_consistency_check",
      sql`(${t.actorType} = 'USER' and ${t.actorUserId} is not null) or (${t.actorType} = 'SYSTEM' and ${t.reason} is not null)`,
    ),
  ],
);

export type PhoneType = typeof phoneTypes.$inferSelect;
export type PersonPhone = typeof personPhones.$inferSelect;
export type PhoneHistoryRow = typeof phoneHistory.$inferSelect;
