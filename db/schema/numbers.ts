import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { persons } from "./people";
import { personPhones, E164_SQL_PATTERN } from "./phones";
import { users } from "./auth";
import { createdAt, inList, uuidPk } from "./_columns";
import { SYSTEM_NUMBER_STATUSES } from "./constants";

/** The institution's pool of Twilio numbers (SPEC §4.3, §6). */
export const systemNumbers = pgTable(
  "system_numbers",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    /** Twilio's PN… sid, when known. */
    providerSid: text("provider_sid"),
    status: text("status").notNull().default("ACTIVE"),
    createdAt: createdAt(),
  },
  (t) => [
    /** A Twilio number belongs to exactly one institution. */
    uniqueIndex("system_numbers_number_key").on(t.number),
    index("system_numbers_institution_idx").on(t.institutionId, t.status),
    check("system_numbers_number_e164_check", sql`${t.number} ~ '${sql.raw(E164_SQL_PATTERN)}'`),
    check("system_numbers_status_check", sql`${t.status} in ${inList(SYSTEM_NUMBER_STATUSES)}`),
  ],
);

/**
 * Who holds which system number. An assignment is active while `released_at` is null; the
 * database allows at most one active assignment per number and per user.
 */
export const systemNumberAssignments = pgTable(
  "system_number_assignments",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    systemNumberId: uuid("system_number_id").notNull().references(() => systemNumbers.id),
    userId: uuid("user_id").notNull().references(() => users.id),
    personId: uuid("person_id").notNull().references(() => persons.id),
    /** The System phone record created for the holder (SPEC §6). */
    personPhoneId: uuid("person_phone_id").notNull().references(() => personPhones.id),
    assignedAt: timestamp("assigned_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    releasedAt: timestamp("released_at", { withTimezone: true, mode: "date" }),
    releasedByUserId: uuid("released_by_user_id").references(() => users.id),
  },
  (t) => [
    uniqueIndex("system_number_assignments_active_number_key").on(t.systemNumberId).where(sql`${t.releasedAt} is null`),
    uniqueIndex("system_number_assignments_active_user_key").on(t.userId).where(sql`${t.releasedAt} is null`),
    index("system_number_assignments_institution_idx").on(t.institutionId).where(sql`${t.releasedAt} is null`),
  ],
);

/**
 * Texts counted against the SMS Message Limit, per calendar month in the institution's time
 * zone (SPEC §4.4). Incremented by a conditional UPDATE so the count never passes the limit.
 */
export const smsUsageMonthly = pgTable(
  "sms_usage_monthly",
  {
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    /** First day of the month, in the institution's time zone. */
    month: date("month", { mode: "string" }).notNull(),
    sentCount: integer("sent_count").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.month] }),
    check("sms_usage_monthly_count_check", sql`${t.sentCount} >= 0`),
  ],
);
