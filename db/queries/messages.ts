import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { messageEvents, messages, type NewMessage } from "@/db/schema";
import type { MessageStatus } from "@/db/schema/constants";
import { waitsWhilePaused } from "./send-pause";
import { pgArray, ts } from "./sql-values";

/**
 * Message events per INSERT statement: well under PostgreSQL's 65,535 bind parameters. A bound
 * of one statement, not a unit of work (the worker's transactions: WRITE_CHUNK in
 * lib/messaging/send/write-send-outbox.ts).
 */
const EVENTS_PER_INSERT = 2000;

/** What every message of one send shares. */
export type BatchCommon = {
  institutionId: string;
  fromUserId: string;
  fromPersonId: string | null;
  body: string;
  /** The template the body came from (SPEC §10), recorded on the send and every message. */
  templateId?: string | null;
  createdAt: Date;
  /** The send's row when it exists already (a scheduled send at its release, SPEC §9); else a new one is inserted. */
  batchId?: string;
};

/** What differs per recipient (one row per recipient: recipients are distinct within a send). */
export type BatchRow = Pick<
  NewMessage,
  "channel" | "status" | "fromAddress" | "toAddress" | "toPhoneId" | "systemNumberId" | "reasonCode" | "decisionDetail" | "segments"
> & {
  toPersonId: string;
  /** The sender's conversation with the recipient (from `ensureConversations`), or none. */
  conversationId?: string | null;
  /** This recipient's own text (merge fields, first-contact footer: SPEC §10); absent: the send's body. */
  body?: string;
};

/**
 * Stores one send — its send_batches row and every message — in a single statement whatever
 * the number of recipients: one array per column, `unnest`ed by PostgreSQL. Conversation ids
 * come in as a column: a per-row look-up in SQL was planned as a sequential scan per message
 * while the conversations table had no statistics yet (11 s instead of 1 s for 10,000). Returns the
 * batch id and recipient person id → message id.
 */
export async function insertSendBatch(
  db: DbOrTx,
  common: BatchCommon,
  rows: BatchRow[],
): Promise<{ batchId: string; idByRecipient: Map<string, number> }> {
  const batchId = common.batchId ?? randomUUID();
  const col = (k: keyof BatchRow) => batchColumn(rows, k);
  const at = common.createdAt.toISOString();
  const templateId = common.templateId ?? null;
  // Per-row bodies only when the texts differ (SPEC §10); otherwise the one body, as before.
  const body = rowsHaveBodies(rows) ? sql`coalesce(r.body, ${common.body})` : sql`${common.body}`;
  const bodies = rowsHaveBodies(rows) ? sql`${col("body")}::text[]` : sql`null::text[]`;
  const inserted = await db.execute<{ id: number; to_person_id: string }>(sql`
    with batch as (
      insert into send_batches (id, institution_id, sender_user_id, sender_person_id, body, template_id, recipient_count, created_at)
      values (${batchId}, ${common.institutionId}, ${common.fromUserId}, ${common.fromPersonId}, ${common.body}, ${templateId}::uuid, ${rows.length}, ${at}::timestamptz)
      on conflict (id) do nothing
    )
    insert into messages (institution_id, batch_id, direction, from_user_id, from_person_id, body, template_id, created_at, updated_at,
      to_person_id, channel, status, from_address, to_address, to_phone_id, system_number_id, reason_code, decision_detail, segments, conversation_id)
    select ${common.institutionId}, ${batchId}::uuid, 'OUTBOUND', ${common.fromUserId}, ${common.fromPersonId}, ${body}, ${templateId}::uuid, ${at}::timestamptz, ${at}::timestamptz,
      r.to_person_id, r.channel, r.status, r.from_address, r.to_address, r.to_phone_id, r.system_number_id, r.reason_code, r.decision_detail, r.segments,
      r.conversation_id
    from unnest(${col("toPersonId")}::uuid[], ${col("channel")}::text[], ${col("status")}::text[], ${col("fromAddress")}::text[],
      ${col("toAddress")}::text[], ${col("toPhoneId")}::uuid[], ${col("systemNumberId")}::uuid[], ${col("reasonCode")}::text[],
      ${col("decisionDetail")}::text[], ${col("segments")}::int[], ${col("conversationId")}::uuid[], ${bodies})
      as r(to_person_id, channel, status, from_address, to_address, to_phone_id, system_number_id, reason_code, decision_detail, segments, conversation_id, body)
    returning id, to_person_id`);
  return { batchId, idByRecipient: new Map(inserted.map((r) => [r.to_person_id, Number(r.id)])) };
}

/** Whether any row of a send has its own text (SPEC §10), so the bodies travel per row. */
export function rowsHaveBodies(rows: readonly BatchRow[]): boolean {
  for (const r of rows) if (r.body !== undefined) return true;
  return false;
}

/** One column of a send's rows as an array parameter, for `unnest` (insertSendBatch, insertSendOutbox). */
export function batchColumn(rows: readonly BatchRow[], k: keyof BatchRow) {
  return pgArray(rows.map((r) => r[k] as string | number | null | undefined));
}

/**
 * Who reported a provider status: Twilio's own callback, or the worker's look-up at Twilio of a
 * text whose final status never came (lib/messaging/lifecycle/reconcile-statuses.ts).
 */
export type ProviderEventSource = "TWILIO" | "RECONCILIATION";

export type MessageEventInput = {
  institutionId: string;
  messageId: number;
  status: MessageStatus;
  source: "APP" | "RESEND" | ProviderEventSource;
  errorCode?: number | null;
  reasonCode?: string | null;
  eventKey?: string | null;
  detail?: Record<string, unknown> | null;
  occurredAt: Date;
};

/** Records message events in batches; an event whose key was already recorded is skipped. */
export async function recordMessageEvents(db: DbOrTx, events: MessageEventInput[]) {
  for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
    await db
      .insert(messageEvents)
      .values(events.slice(i, i + EVENTS_PER_INSERT))
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

/** Rows selected with outboundColumns as OutboundRows: postgres.js reads a bigint id as a string. */
export function outboundRows<T extends { id: number }>(rows: readonly T[]): T[] {
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The columns of an OutboundRow, optionally qualified by a table alias. */
export function outboundColumns(alias?: string) {
  return sql.raw(OUTBOUND_COLUMN_NAMES.map((c) => (alias ? `${alias}.${c}` : c)).join(", "));
}

/** A text claimed for a status look-up at Twilio (see claimTextsToReconcile). */
export type TextToReconcile = { id: number; institutionId: string; sid: string; status: MessageStatus; updatedAt: Date };

/**
 * Claims up to `limit` texts for a status look-up at Twilio (lib/messaging/lifecycle/reconcile-statuses.ts):
 * outbound SMS with a sid and no final status, unchanged since `before`, not looked up since
 * `before` either, and not given up (a look-up stamped at least `giveUpMs` after the last change
 * was the last one). Oldest change first. The claim stamps status_checked_at in the same
 * statement, skipping rows another worker holds, so two workers never look up the same text in
 * one interval.
 */
export async function claimTextsToReconcile(
  db: DbOrTx,
  params: { before: Date; giveUpMs: number; now: Date; limit: number },
): Promise<TextToReconcile[]> {
  const rows = await db.execute<{ id: number; institution_id: string; provider_id: string; status: MessageStatus; updated_at: string | Date }>(sql`
    with c as (
      select id from messages
      where channel = 'SMS' and provider_id is not null and status in ('queued', 'accepted', 'sending', 'sent')
        and direction = 'OUTBOUND' and updated_at < ${params.before.toISOString()}::timestamptz
        and (status_checked_at is null
          or (status_checked_at < ${params.before.toISOString()}::timestamptz
            and status_checked_at < updated_at + ${params.giveUpMs} * interval '1 millisecond'))
      order by updated_at
      limit ${params.limit}
      for update skip locked
    )
    update messages m set status_checked_at = ${params.now.toISOString()}::timestamptz
    from c where m.id = c.id
    returning m.id, m.institution_id, m.provider_id, m.status, m.updated_at`);
  return rows
    .map((r) => ({ id: Number(r.id), institutionId: r.institution_id, sid: r.provider_id, status: r.status, updatedAt: new Date(r.updated_at) }))
    .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
}

/**
 * Outbound messages that should be moving but may have no live job (the worker's sweep, across
 * institutions: each row names only its message): pending ones created before `pendingBefore`
 * and due by then, whose channel's queue has moved past them (created before that channel's
 * `movedPast`; null: nothing waits there), and claims older than `staleBefore` or overdue.
 * A text held for quiet hours counts from its `held_until`, not its creation: it is never
 * re-triggered before its window opens. A paused send's waiting messages are left alone: its
 * resume queues them (issue 18). Oldest first; each branch has its partial index
 * (messages_dispatch_idx without held texts, messages_held_idx for them).
 */
export async function findMessagesToRetrigger(
  db: DbOrTx,
  params: { pendingBefore: Date; staleBefore: Date; movedPast: { SMS: Date | null; EMAIL: Date | null }; limit: number },
): Promise<{ id: number; channel: "SMS" | "EMAIL" }[]> {
  const { pendingBefore, staleBefore, movedPast } = params;
  const rows = await db.execute<{ id: number; channel: "SMS" | "EMAIL" }>(sql`
    with queues as (
      select q.channel, q.moved_past
      from (values ('SMS', ${movedPast.SMS?.toISOString() ?? null}::timestamptz), ('EMAIL', ${movedPast.EMAIL?.toISOString() ?? null}::timestamptz)) as q(channel, moved_past)
    )
    (select m.id, m.channel, m.created_at from messages m join queues q on q.channel = m.channel
    where m.direction = 'OUTBOUND' and m.status in ('pending', 'sending') and m.held_until is null and not ${waitsWhilePaused("m")}
      and ((m.status = 'pending' and m.created_at < ${ts(pendingBefore)} and coalesce(m.next_attempt_at, '-infinity') <= ${ts(pendingBefore)}
          and m.created_at < coalesce(q.moved_past, 'infinity'))
        or (m.status = 'sending' and (m.claimed_at < ${ts(staleBefore)} or m.next_attempt_at <= ${ts(pendingBefore)}))))
    union all
    -- Texts held for quiet hours (SPEC §9): only once their window has opened and their queue has moved past its start.
    (select m.id, m.channel, m.created_at from messages m join queues q on q.channel = m.channel
    where m.status = 'pending' and m.held_until is not null and m.direction = 'OUTBOUND'
      and m.held_until <= ${ts(pendingBefore)} and m.held_until < coalesce(q.moved_past, 'infinity') and not ${waitsWhilePaused("m")})
    order by created_at
    limit ${params.limit}`);
  return rows.map((r) => ({ id: Number(r.id), channel: r.channel }));
}
