import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { persons } from "./people";
import { personPhones } from "./phones";
import { users } from "./auth";
import { systemNumbers } from "./numbers";
import { messageTemplates } from "./templates";
import { createdAt, inList, updatedAt, uuidPk } from "./_columns";
import { CHANNELS, DIRECTIONS, MESSAGE_STATUSES, REASON_CODES } from "./constants";

/** One press of Send: a body for one or many recipients. Each recipient gets a message row. */
export const sendBatches = pgTable(
  "send_batches",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    senderUserId: uuid("sender_user_id").notNull().references(() => users.id),
    senderPersonId: uuid("sender_person_id").references(() => persons.id),
    body: text("body").notNull(),
    /** The template the body came from (SPEC §10), if any; every message of the send records it too. */
    templateId: uuid("template_id").references(() => messageTemplates.id),
    recipientCount: integer("recipient_count").notNull(),
    /** For scheduled sends: when the batch becomes due (null = now). */
    scheduledFor: timestamp("scheduled_for", { withTimezone: true, mode: "date" }),
    /**
     * SPEC §9: scheduled (waiting for its time; editable, cancellable), sending (released: its
     * decisions are taken and its messages are being written or handed over), done, cancelled;
     * paused (issue 18: carrier filtering — its texts and emails not yet handed over wait until
     * the sender or an administrator resumes or cancels it; lib/messaging/send/carrier-filtering.ts).
     */
    state: text("state").notNull().default("sending"),
    /** A scheduled send's recipients, in the order given, until it is released (then null). */
    recipientIds: uuid("recipient_ids").array(),
    /** When the send was released: its decisions, monthly count and number were taken then. */
    releasedAt: timestamp("released_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    cancelledByUserId: uuid("cancelled_by_user_id").references(() => users.id),
    /**
     * The carrier-filtering check (issue 18; lib/messaging/send/carrier-filtering.ts) counts the
     * send's first FILTER_WINDOW results as they arrive, in the transaction that records each:
     * `first_results` of them so far (texts reaching delivered / undelivered / failed, and opt-outs
     * by its recipients), of which `first_results_filtered` carried 30003/30005/30006/30007 and
     * `first_results_opted_out` were opt-outs. Counting stops at FILTER_WINDOW results.
     */
    firstResults: integer("first_results").notNull().default(0),
    firstResultsFiltered: integer("first_results_filtered").notNull().default(0),
    firstResultsOptedOut: integer("first_results_opted_out").notNull().default(0),
    /** When the check paused the send (at most once per send), and why (CARRIER_FILTERING). */
    pausedAt: timestamp("paused_at", { withTimezone: true, mode: "date" }),
    pausedReason: text("paused_reason"),
    /** Who resumed a paused send, and when; after a resume the check never pauses it again. */
    resumedAt: timestamp("resumed_at", { withTimezone: true, mode: "date" }),
    resumedByUserId: uuid("resumed_by_user_id").references(() => users.id),
    /** The decisions taken at release, by outcome (SPEC §4). */
    textCount: integer("text_count").notNull().default(0),
    emailCount: integer("email_count").notNull().default(0),
    undeliverableCount: integer("undeliverable_count").notNull().default(0),
    refusedCount: integer("refused_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("send_batches_sender_idx").on(t.institutionId, t.senderUserId, t.createdAt),
    index("send_batches_institution_idx").on(t.institutionId, t.createdAt),
    /** The worker's release: scheduled sends by due time. */
    index("send_batches_due_idx").on(t.scheduledFor).where(sql`${t.state} = 'scheduled'`),
    check("send_batches_state_check", sql`${t.state} in ('scheduled', 'sending', 'done', 'paused', 'cancelled')`),
    check("send_batches_paused_reason_check", sql`${t.pausedReason} is null or ${t.pausedReason} in ('CARRIER_FILTERING')`),
  ],
);


/**
 * The figures of a large send (issue 18 item 1) as last computed: one pass over a 50,000-recipient
 * send with its replies and opt-outs costs about 200 ms, too much for every view of its results.
 * The worker keeps the recent large sends' snapshots fresh (lib/messaging/send/send-outcome-snapshots.ts)
 * and a view finding one too old computes it again; the page says when its figures were computed.
 * Small sends are computed on every view and have none.
 */
export const sendOutcomeSnapshots = pgTable("send_outcome_snapshots", {
  batchId: uuid("batch_id")
    .primaryKey()
    .references(() => sendBatches.id, { onDelete: "cascade" }),
  institutionId: uuid("institution_id")
    .notNull()
    .references(() => institutions.id, { onDelete: "cascade" }),
  /** The SendOutcomeSummary of db/queries/send-outcomes.ts, dates as ISO strings. */
  summary: jsonb("summary").notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true, mode: "date" }).notNull(),
});
/**
 * The message rows of a large send until the worker writes them to `messages`
 * (lib/messaging/send/write-send-outbox.ts): the send's rows in chunks of up to WRITE_CHUNK, one
 * outbox row per chunk, stored in the send's transaction with its grants, one array per column
 * in recipient order. The message ids are drawn from `messages`' own sequence at send time, so
 * the API answers with them at once. What is the same for every row of the send is stored once
 * per chunk (the sender's number and email address, the segments), and the conversations are
 * created by the writer, not in the send: a first campaign to 10,000 students would otherwise
 * wait for 10,000 conversation rows before its answer. Chunks are written independently — two
 * writers take two chunks side by side (`for update skip locked`) — each in one transaction
 * with `written` and its dispatch jobs; a chunk's row is deleted with its last rows.
 */
export const sendOutbox = pgTable(
  "send_outbox",
  {
    batchId: uuid("batch_id")
      .notNull()
      .references(() => sendBatches.id, { onDelete: "cascade" }),
    /** The chunk's place in the send, from 0. */
    chunk: integer("chunk").notNull().default(0),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    /** How many rows (a prefix of the arrays) are written to messages. */
    written: integer("written").notNull().default(0),
    messageIds: bigint("message_ids", { mode: "number" }).array().notNull(),
    toPersonIds: uuid("to_person_ids").array().notNull(),
    channels: text("channels").array().notNull(),
    statuses: text("statuses").array().notNull(),
    toAddresses: text("to_addresses").array().notNull(),
    toPhoneIds: uuid("to_phone_ids").array().notNull(),
    reasonCodes: text("reason_codes").array().notNull(),
    decisionDetails: text("decision_details").array().notNull(),
    /** The sender's system number, for the texts (null when the send has none). */
    systemNumberId: uuid("system_number_id").references(() => systemNumbers.id),
    smsFromAddress: text("sms_from_address"),
    /** The sender's email address, for the emails and the undeliverable rows. */
    emailFromAddress: text("email_from_address"),
    /** Segments of every text of the send (when `bodies` is null). */
    segments: integer("sms_segments"),
    /**
     * Each row's own text and its segments, when the send's texts differ per recipient (merge
     * fields or the first-contact footer, SPEC §10); null when every row has the send's body.
     */
    bodies: text("bodies").array(),
    segmentCounts: integer("segment_counts").array(),
    /** The conversations' system number: set when the send's rows belong in conversations of the sender. */
    conversationSystemNumberId: uuid("conversation_system_number_id").references(() => systemNumbers.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.chunk] })],
);

/** A thread between the holder of a system number and a counterpart (a person, or an unknown number). */
export const conversations = pgTable(
  "conversations",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    ownerPersonId: uuid("owner_person_id").references(() => persons.id),
    counterpartPersonId: uuid("counterpart_person_id").references(() => persons.id),
    /** E.164 of the counterpart's phone; the key for texts from numbers nobody holds. */
    counterpartNumber: text("counterpart_number"),
    systemNumberId: uuid("system_number_id").references(() => systemNumbers.id),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    ownerLastReadAt: timestamp("owner_last_read_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("conversations_owner_person_key")
      .on(t.institutionId, t.ownerPersonId, t.counterpartPersonId)
      .where(sql`${t.counterpartPersonId} is not null`),
    uniqueIndex("conversations_owner_number_key")
      .on(t.institutionId, t.systemNumberId, t.counterpartNumber)
      .where(sql`${t.counterpartPersonId} is null`),
    index("conversations_owner_recent_idx").on(t.institutionId, t.ownerPersonId, t.lastMessageAt),
  ],
);

/**
 * Every message, SMS and email, outbound and inbound (SPEC §4, §5, §7). An email sent in
 * place of a failed text points at it through `fallback_for_message_id`, unique, so a text is
 * resent by email at most once.
 */
export const messages = pgTable(
  "messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    batchId: uuid("batch_id").references(() => sendBatches.id),
    conversationId: uuid("conversation_id").references(() => conversations.id),
    channel: text("channel").notNull(),
    direction: text("direction").notNull(),
    fromUserId: uuid("from_user_id").references(() => users.id),
    fromPersonId: uuid("from_person_id").references(() => persons.id),
    toPersonId: uuid("to_person_id").references(() => persons.id),
    /** Sender's number (system number, or the texter's phone) or the sending email address. */
    fromAddress: text("from_address"),
    /** Destination: a number in E.164 or an email address. */
    toAddress: text("to_address"),
    /**
     * An inbound text whose Twilio `From` is not a phone number (an alphanumeric sender id, a
     * short code, or anything forged such as `=HYPERLINK(…)`): kept as given in from_address,
     * flagged so the Message Report says so and nobody mistakes it for a student's number.
     */
    fromNotPhoneNumber: boolean("from_not_phone_number").notNull().default(false),
    toPhoneId: uuid("to_phone_id").references(() => personPhones.id),
    systemNumberId: uuid("system_number_id").references(() => systemNumbers.id),
    body: text("body").notNull(),
    /** The template this message's body came from (SPEC §10), if any. */
    templateId: uuid("template_id").references(() => messageTemplates.id),
    status: text("status").notNull(),
    /** Fallback or failure reason (SPEC §4, §5). */
    reasonCode: text("reason_code"),
    /** Why this number was chosen, for the composer and the report (e.g. SMS_ENABLED_LATEST_VERIFIED). */
    decisionDetail: text("decision_detail"),
    errorCode: integer("error_code"),
    /** Twilio message sid or Resend email id. */
    providerId: text("provider_id"),
    fallbackForMessageId: bigint("fallback_for_message_id", { mode: "number" }),
    segments: integer("segments"),
    /** Send attempts made by the worker (hand-overs to the provider, including retries). */
    attempts: integer("attempts").notNull().default(0),
    /** When a worker claimed the message for sending; a stale claim is resumed by another worker. */
    claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "date" }),
    /** Earliest time of the next attempt after a transient failure. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    /**
     * An email's request to Resend while its outcome is open: the batch's `Idempotency-Key`,
     * shared by every email of that batch, so a retry after an unclear answer or a dead worker
     * resends the same emails under the same key (lib/messaging/dispatch/dispatch-email.ts). Cleared once
     * the outcome is known.
     */
    requestKey: text("request_key"),
    /**
     * When the worker last looked this text's status up at Twilio because no final status came
     * (lib/messaging/lifecycle/reconcile-statuses.ts): at most once per interval, and never again once it
     * is later than `updated_at` plus the give-up age.
     */
    statusCheckedAt: timestamp("status_checked_at", { withTimezone: true, mode: "date" }),
    /**
     * A pending text held for quiet hours (SPEC §9): the start of the recipient's next allowed
     * window, when the worker hands it over. Null when not held.
     */
    heldUntil: timestamp("held_until", { withTimezone: true, mode: "date" }),
    /** The recipient's zone the hold was computed in, to show "until 8:00 AM Central" (SPEC §9). */
    heldTimeZone: text("held_time_zone"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("messages_provider_id_key").on(t.channel, t.providerId).where(sql`${t.providerId} is not null`),
    uniqueIndex("messages_fallback_key").on(t.fallbackForMessageId).where(sql`${t.fallbackForMessageId} is not null`),
    /*
     * The Message Report's indexes (SPEC §7; db/queries/message-report.ts) are created by the
     * custom migration 0007_message_report_indexes.sql, because they INCLUDE the filtered
     * columns, which drizzle's index builder cannot express: messages_report_idx,
     * messages_from_person_idx, messages_to_person_idx, messages_report_{from_status,
     * from_address,to_address,status,reason}_idx, and the statistics messages_report_stats.
     */
    /** A send's rows, and a results page of them in send order (keyset on id; issue 18). */
    index("messages_batch_idx").on(t.batchId, t.id),
    /** The Message Report's template filter (issue 17), newest first like its other keys. */
    index("messages_report_template_idx").on(t.institutionId, t.templateId, t.createdAt, t.id).where(sql`${t.templateId} is not null`),
    /**
     * Quiet hours' reply exemption (SPEC §9; db/queries/quiet-hours.ts): did this person, or
     * this number, text in lately? Only inbound texts, so the index stays small and the planner
     * takes it even when one sender's outbound texts fill the table (bench:schedule found the
     * lookup scanning every recent message, 2.6 s per batch of 25, at 100,000 messages).
     */
    index("messages_inbound_person_idx")
      .on(t.institutionId, t.fromPersonId, t.createdAt)
      .where(sql`${t.direction} = 'INBOUND' and ${t.channel} = 'SMS'`),
    index("messages_inbound_number_idx")
      .on(t.institutionId, t.fromAddress, t.createdAt)
      .where(sql`${t.direction} = 'INBOUND' and ${t.channel} = 'SMS'`),
    /** The emails of one open Resend request, claimed and resent together. */
    index("messages_request_key_idx").on(t.requestKey).where(sql`${t.requestKey} is not null`),
    /**
     * The dispatcher's sweep: outbound messages not yet handed to a provider, held texts apart
     * (a night's held send would otherwise be read by every sweep until morning).
     */
    index("messages_dispatch_idx").on(t.status, t.createdAt).where(sql`${t.status} in ('pending', 'sending') and ${t.heldUntil} is null`),
    /** The sweep's held texts (SPEC §9), by the time they may go. */
    index("messages_held_idx").on(t.heldUntil).where(sql`${t.status} = 'pending' and ${t.heldUntil} is not null`),
    /** Reconciliation: texts Twilio took that have no final status yet, oldest change first. */
    index("messages_reconcile_idx")
      .on(t.updatedAt)
      .where(sql`${t.channel} = 'SMS' and ${t.providerId} is not null and ${t.status} in ('queued', 'accepted', 'sending', 'sent')`),
    index("messages_conversation_idx").on(t.conversationId, t.createdAt),
    /** Initiation check: has this system number ever texted that number? */
    index("messages_sms_pair_idx").on(t.institutionId, t.fromAddress, t.toAddress).where(sql`${t.channel} = 'SMS'`),
    check("messages_channel_check", sql`${t.channel} in ${inList(CHANNELS)}`),
    check("messages_direction_check", sql`${t.direction} in ${inList(DIRECTIONS)}`),
    check("messages_status_check", sql`${t.status} in ${inList(MESSAGE_STATUSES)}`),
    check(
      "messages_reason_code_check",
      sql`${t.reasonCode} is null or ${t.reasonCode} in ${inList(REASON_CODES)} or ${t.reasonCode} ~ '^TWILIO_ERROR_[0-9]+$'`,
    ),
  ],
);

/** Each status a message went through, with its source; provider callbacks are deduplicated by key. */
export const messageEvents = pgTable(
  "message_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    errorCode: integer("error_code"),
    reasonCode: text("reason_code"),
    /** APP, TWILIO, RESEND, or RECONCILIATION (the worker looked up at Twilio a status whose callback never came). */
    source: text("source").notNull(),
    /** Dedupe key of a provider event, e.g. `<sid>:<status>`. */
    eventKey: text("event_key"),
    detail: jsonb("detail"),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("message_events_message_idx").on(t.messageId, t.id),
    /**
     * The health panel's webhook figures (issue 18; db/queries/institution-health.ts): the last
     * status callback, texts handed to Twilio in a time range, what reconciliation did. Only
     * provider events, inbound texts apart (their message row answers for them), so the send's
     * own `pending` events add nothing to it.
     */
    index("message_events_provider_idx")
      .on(t.institutionId, t.source, t.status, t.occurredAt)
      .where(sql`${t.source} in ('TWILIO', 'RECONCILIATION') and ${t.status} <> 'received'`),
    uniqueIndex("message_events_event_key").on(t.eventKey).where(sql`${t.eventKey} is not null`),
    check("message_events_status_check", sql`${t.status} in ${inList(MESSAGE_STATUSES)}`),
  ],
);

/** Webhook deliveries already processed (provider idempotency tokens / ids). */
export const webhookReceipts = pgTable(
  "webhook_receipts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    institutionId: uuid("institution_id").references(() => institutions.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    kind: text("kind").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /**
     * The form Twilio posted, kept when the delivery could not be applied on arrival: an
     * inbound text to a number no institution owns. (Status callbacks find their text by the
     * message id in their URL and are never parked.)
     */
    payload: jsonb("payload"),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("webhook_receipts_key").on(t.provider, t.idempotencyKey)],
);

export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Conversation = typeof conversations.$inferSelect;

