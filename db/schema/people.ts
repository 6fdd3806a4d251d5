import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { createdAt, inList, updatedAt, uuidPk } from "./_columns";
import { ROLE_KINDS } from "./constants";

export const persons = pgTable(
  "persons",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    preferredName: text("preferred_name"),
    /** Key of the person in the student information system; unique within the institution. */
    srcSystemId: text("src_system_id"),
    /** Where the record came from: SIS import, prospect upload, the app or the API. */
    source: text("source").notNull().default("MANUAL"),
    /** IANA zone of the person, when known (quiet hours are computed in it). */
    timeZone: text("time_zone"),
    /** USPS code of the US state the person lives in, when known: narrows their quiet hours (SPEC §9). */
    state: text("state"),
    deleted: boolean("deleted").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("persons_src_system_id_key").on(t.institutionId, t.srcSystemId),
    index("persons_name_idx").on(t.institutionId, t.lastName, t.firstName, t.id),
    index("persons_search_trgm_idx").using(
      "gin",
      sql`(lower(${t.firstName} || ' ' || ${t.lastName} || ' ' || coalesce(${t.srcSystemId}, ''))) gin_trgm_ops`,
    ),
    uniqueIndex("persons_institution_id_id_key").on(t.institutionId, t.id),
    check("persons_source_check", sql`${t.source} in ${inList(["SIS", "PROSPECT", "MANUAL", "API"])}`),
    check("persons_state_check", sql`${t.state} ~ '^[A-Z]{2}$'`),
    check("persons_names_check", sql`length(${t.firstName}) between 1 and 200 and length(${t.lastName}) between 1 and 200`),
  ],
);

export const personEmails = pgTable(
  "person_emails",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    personId: uuid("person_id").notNull().references(() => persons.id, { onDelete: "cascade" }),
    /** Stored lower-cased. */
    email: text("email").notNull(),
    isPrimary: boolean("is_primary").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("person_emails_person_email_key").on(t.personId, t.email),
    /** At most one primary email per person. */
    uniqueIndex("person_emails_one_primary_key").on(t.personId).where(sql`${t.isPrimary}`),
    index("person_emails_lookup_idx").on(t.institutionId, t.email),
    /** The Message Report's search by part of an address (issue 15.8): `email like '%smith@%'`. */
    index("person_emails_email_trgm_idx").using("gin", sql`${t.email} gin_trgm_ops`),
    check("person_emails_email_check", sql`${t.email} = lower(${t.email}) and ${t.email} like '%_@_%'`),
  ],
);

export const securityRoles = pgTable(
  "security_roles",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    /** Stable code used by imports and the API (e.g. ADVISOR, STUDENT). */
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    /** Holders administer the institution (Administration menu). */
    grantsAdmin: boolean("grants_admin").notNull().default(false),
    srcSystemId: text("src_system_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("security_roles_code_key").on(t.institutionId, t.code),
    check("security_roles_kind_check", sql`${t.kind} in ${inList(ROLE_KINDS)}`),
    check("security_roles_admin_is_staff_check", sql`not ${t.grantsAdmin} or ${t.kind} = 'STAFF'`),
  ],
);

export const personRoles = pgTable(
  "person_roles",
  {
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    personId: uuid("person_id").notNull().references(() => persons.id, { onDelete: "cascade" }),
    roleId: uuid("role_id").notNull().references(() => securityRoles.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.roleId] }), index("person_roles_role_idx").on(t.roleId)],
);

/** Success team: the staff who work with a student (advisor, coach, faculty, ...). */
export const successTeamMembers = pgTable(
  "success_team_members",
  {
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    studentPersonId: uuid("student_person_id").notNull().references(() => persons.id, { onDelete: "cascade" }),
    staffPersonId: uuid("staff_person_id").notNull().references(() => persons.id, { onDelete: "cascade" }),
    teamRole: text("team_role").notNull().default("Advisor"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studentPersonId, t.staffPersonId] }),
    index("success_team_staff_idx").on(t.staffPersonId),
    check("success_team_not_self_check", sql`${t.studentPersonId} <> ${t.staffPersonId}`),
  ],
);

export type Person = typeof persons.$inferSelect;
export type NewPerson = typeof persons.$inferInsert;
export type SecurityRole = typeof securityRoles.$inferSelect;
