import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt, uuidPk } from "./_columns";
import { users } from "./auth";
import { institutions } from "./institutions";
import { persons } from "./people";

/**
 * A saved list of recipients (SPEC §9, issue 16 item 2): named, owned by one staff member,
 * optionally shared with the institution's staff. Its members are people of its institution
 * only (db/queries/recipient-lists.ts adds them through the institution's persons).
 */
export const recipientLists = pgTable(
  "recipient_lists",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    ownerUserId: uuid("owner_user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    shared: boolean("shared").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("recipient_lists_institution_owner_idx").on(t.institutionId, t.ownerUserId),
    check("recipient_lists_name_check", sql`length(${t.name}) between 1 and 100`),
  ],
);

export const recipientListMembers = pgTable(
  "recipient_list_members",
  {
    listId: uuid("list_id").notNull().references(() => recipientLists.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    personId: uuid("person_id").notNull().references(() => persons.id, { onDelete: "cascade" }),
    addedAt: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.personId] }), index("recipient_list_members_person_idx").on(t.personId)],
);

export type RecipientList = typeof recipientLists.$inferSelect;
