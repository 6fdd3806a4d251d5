import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";

/**
 * Mail accepted by the local Resend stand-in (used when RESEND_API_KEY is absent), readable
 * on the Mail outbox page. The institution comes from the `institution_id` tag we send.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The id returned to the SDK, as Resend returns one. */
    providerId: uuid("provider_id").notNull().default(sql`gen_random_uuid()`),
    institutionId: uuid("institution_id").references(() => institutions.id, { onDelete: "cascade" }),
    fromAddress: text("from_address").notNull(),
    toAddresses: text("to_addresses").array().notNull(),
    replyTo: text("reply_to").array(),
    subject: text("subject").notNull(),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    tags: jsonb("tags"),
    /** The sender's `Idempotency-Key`: the same key returns the same id and stores nothing twice. */
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("mail_outbox_provider_id_key").on(t.providerId),
    uniqueIndex("mail_outbox_idempotency_key").on(t.idempotencyKey),
    index("mail_outbox_institution_idx").on(t.institutionId, t.createdAt.desc()),
  ],
);

export type MailOutboxRow = typeof mailOutbox.$inferSelect;
