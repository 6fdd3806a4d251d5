import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { messageEvents, messages, type NewMessage } from "@/db/schema";
import type { MessageStatus } from "@/db/schema/constants";

/** Rows per INSERT statement: well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 2000;

/** Inserts message rows in multi-row batches and returns their ids in input order. */
export async function insertMessages(db: DbOrTx, rows: NewMessage[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await db.insert(messages).values(rows.slice(i, i + INSERT_CHUNK)).returning({ id: messages.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

export type MessageEventInput = {
  institutionId: string;
  messageId: number;
  status: MessageStatus;
  source: "APP" | "TWILIO" | "RESEND";
  errorCode?: number | null;
  reasonCode?: string | null;
  eventKey?: string | null;
  detail?: Record<string, unknown> | null;
  occurredAt: Date;
};

/** Records message events in batches; an event whose key was already recorded is skipped. */
export async function recordMessageEvents(db: DbOrTx, events: MessageEventInput[]) {
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    await db
      .insert(messageEvents)
      .values(events.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({ target: messageEvents.eventKey, where: sql`${messageEvents.eventKey} is not null` });
  }
}

export type OutboundRow = {
  id: number;
  institution_id: string;
  channel: "SMS" | "EMAIL";
  status: MessageStatus;
  from_user_id: string | null;
  from_person_id: string | null;
  to_person_id: string | null;
  to_phone_id: string | null;
  from_address: string | null;
  to_address: string | null;
  body: string;
  batch_id: string | null;
  conversation_id: string | null;
  provider_id: string | null;
  claimed_at: Date | null;
  attempts: number;
  reason_code: string | null;
  created_at: Date;
};

const OUTBOUND_COLUMN_NAMES = [
  "id", "institution_id", "channel", "status", "from_user_id", "from_person_id", "to_person_id", "to_phone_id",
  "from_address", "to_address", "body", "batch_id", "conversation_id", "provider_id", "claimed_at", "attempts",
  "reason_code", "created_at",
] as const;

/** The columns of an OutboundRow, optionally qualified by a table alias. */
export function outboundColumns(alias?: string) {
  return sql.raw(OUTBOUND_COLUMN_NAMES.map((c) => (alias ? `${alias}.${c}` : c)).join(", "));
}
