import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt, uuidPk } from "./_columns";
import { users } from "./auth";
import { institutions } from "./institutions";
import { persons } from "./people";

/**
 * A message template (SPEC §10, issue 17): shared with the institution (owner null; its
 * administrators manage it) or personal to one staff member (their saved replies). Its body may
 * hold merge fields, checked when it is saved (lib/messaging/templates/render.ts). A deleted
 * template keeps its row (`deleted_at`), so the messages that record it still name it in the
 * Message Report and the API.
 */
export const messageTemplates = pgTable(
  "message_templates",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    /** The staff member whose personal template this is; null for a shared one. */
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    body: text("body").notNull(),
    category: text("category"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    updatedByUserId: uuid("updated_by_user_id").references(() => users.id),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    /** One live template of a name per owner (shared ones count as one owner): "/name" inserts one thing. */
    uniqueIndex("message_templates_name_key")
      .on(t.institutionId, sql`coalesce(${t.ownerUserId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
    index("message_templates_owner_idx").on(t.institutionId, t.ownerUserId),
    uniqueIndex("message_templates_institution_id_id_key").on(t.institutionId, t.id),
    check("message_templates_name_check", sql`length(${t.name}) between 1 and 100`),
    check("message_templates_body_check", sql`length(${t.body}) between 1 and 1600`),
    check("message_templates_category_check", sql`${t.category} is null or length(${t.category}) between 1 and 60`),
  ],
);

/**
 * Who changed which template, when, from what to what (issue 17: "who changed what is kept, as
 * for settings"): one row per changed field; a creation and a deletion are a row each.
 */
export const messageTemplateChanges = pgTable(
  "message_template_changes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    templateId: uuid("template_id")
      .notNull()
      .references(() => messageTemplates.id, { onDelete: "cascade" }),
    /** CREATED, UPDATED or DELETED. */
    change: text("change").notNull(),
    field: text("field"),
    oldValue: jsonb("old_value"),
    newValue: jsonb("new_value"),
    changedByUserId: uuid("changed_by_user_id").references(() => users.id),
    changedAt: timestamp("changed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("message_template_changes_template_idx").on(t.institutionId, t.templateId, t.changedAt),
    index("message_template_changes_institution_idx").on(t.institutionId, t.changedAt),
    check("message_template_changes_change_check", sql`${t.change} in ('CREATED', 'UPDATED', 'DELETED')`),
  ],
);

/**
 * SPEC §10 first contact: the persons the institution has texted (or who texted it), claimed
 * when a send adds the first-contact footer. The claim is an `insert … on conflict do nothing
 * returning`, so two sends at once never both add the footer for the same person.
 */
export const firstContacts = pgTable(
  "first_contacts",
  {
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    contactedAt: timestamp("contacted_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.personId] })],
);

export type MessageTemplate = typeof messageTemplates.$inferSelect;
