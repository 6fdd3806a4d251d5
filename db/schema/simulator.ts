import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { createdAt, inList, updatedAt } from "./_columns";

/**
 * Tables of the simulated Twilio (SPEC §5: used whenever Twilio credentials are absent). They
 * belong to the stand-in provider, not to the product: nothing outside lib/twilio/simulator
 * reads or writes them.
 */

export const SIM_DIRECTIONS = ["outbound-api", "outbound-reply", "inbound"] as const;
export type SimDirection = (typeof SIM_DIRECTIONS)[number];

export const SIM_FAULT_MODES = ["none", "429", "500", "timeout"] as const;
export type SimFaultMode = (typeof SIM_FAULT_MODES)[number];

/** Every message the simulated Twilio accepted (outbound) or delivered to the app (inbound). */
export const simTwilioMessages = pgTable(
  "sim_twilio_messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** SM + 32 hex, as Twilio's. */
    sid: text("sid").notNull(),
    accountSid: text("account_sid").notNull(),
    /** The institution holding the system number involved (From when outbound, To when inbound). */
    institutionId: uuid("institution_id").references(() => institutions.id, { onDelete: "cascade" }),
    direction: text("direction").notNull(),
    fromNumber: text("from_number").notNull(),
    toNumber: text("to_number").notNull(),
    body: text("body").notNull(),
    numSegments: integer("num_segments").notNull(),
    /** Twilio's lowercase status: queued, sent, delivered, undelivered, failed, received. */
    status: text("status").notNull(),
    errorCode: integer("error_code"),
    statusCallback: text("status_callback"),
    dateSent: timestamp("date_sent", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sim_twilio_messages_sid_key").on(t.sid),
    index("sim_twilio_messages_to_idx").on(t.toNumber, t.createdAt),
    index("sim_twilio_messages_from_idx").on(t.fromNumber, t.createdAt),
    index("sim_twilio_messages_institution_idx").on(t.institutionId, t.createdAt),
    check("sim_twilio_messages_direction_check", sql`${t.direction} in ${inList(SIM_DIRECTIONS)}`),
  ],
);

/**
 * The fault switch (one row, id 1): the next `remaining` API requests answer 429, 500, or
 * only after `delay_ms`. With `process_request` the request is carried out before the faulty
 * answer, which is the ambiguous case a sender must check before resending.
 */
export const simTwilioFaults = pgTable(
  "sim_twilio_faults",
  {
    id: smallint("id").primaryKey().default(1),
    mode: text("mode").notNull().default("none"),
    remaining: integer("remaining").notNull().default(0),
    delayMs: integer("delay_ms").notNull().default(35_000),
    processRequest: boolean("process_request").notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("sim_twilio_faults_singleton_check", sql`${t.id} = 1`),
    check("sim_twilio_faults_mode_check", sql`${t.mode} in ${inList(SIM_FAULT_MODES)}`),
    check("sim_twilio_faults_remaining_check", sql`${t.remaining} >= 0 and ${t.delayMs} >= 0`),
  ],
);

/**
 * Twilio's own blocklist for a long code: a handset that texted an opt-out keyword to a number
 * is blocked from that number (later sends answer 21610) until it texts an opt-in keyword.
 */
export const simTwilioOptOuts = pgTable(
  "sim_twilio_opt_outs",
  {
    senderNumber: text("sender_number").notNull(),
    handsetNumber: text("handset_number").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.senderNumber, t.handsetNumber] })],
);

export type SimTwilioMessage = typeof simTwilioMessages.$inferSelect;
