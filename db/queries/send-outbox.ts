import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { getSql, type DbOrTx } from "@/db";
import { batchColumn, rowsHaveBodies, type BatchCommon, type BatchRow } from "./messages";
import type { MessageDetailRow } from "./message-detail";
import { pgArray, ts } from "./sql-values";

/** What every row of a large send shares, stored once per outbox chunk (db/schema/messages.ts sendOutbox). */
export type OutboxSendFacts = {
  /** The sender's system number (id and E.164) when the send has texts. */
  systemNumberId: string | null;
  smsFromAddress: string | null;
  /** The sender's email address, the From of its emails and undeliverable rows. */
  emailFromAddress: string | null;
  segments: number;
  /** Set when the rows belong in conversations of the sender on this number (created by the writer). */
  conversationSystemNumberId: string | null;
};

/**
 * Stores a large send as its send_batches row and its outbox rows, `chunkSize` rows each, in
 * one statement: the message ids are drawn from messages' sequence here, one per row in
 * recipient order, and the rows wait as arrays until `writeOutboxChunk` writes them. Each
 * column's array is parsed once (the materialized `src`) and sliced per chunk. Returns the batch
 * id, recipient person id → message id (as `insertSendBatch` does) and the number of chunks.
 */
export async function insertSendOutbox(
  db: DbOrTx,
  common: BatchCommon,
  rows: BatchRow[],
  facts: OutboxSendFacts,
  chunkSize: number,
): Promise<{ batchId: string; idByRecipient: Map<string, number>; chunks: number }> {
  const batchId = common.batchId ?? randomUUID();
  const col = (k: keyof BatchRow) => batchColumn(rows, k);
  const chunks = Math.ceil(rows.length / chunkSize);
  // SPEC §10: each row's own text and segments when the texts differ; else null, and the send's body and segments apply.
  const own = rowsHaveBodies(rows);
  const bodies = own ? sql`${col("body")}::text[]` : sql`null::text[]`;
  const segmentCounts = own ? sql`${col("segments")}::int[]` : sql`null::int[]`;
  const [stored] = await db.execute<{ message_ids: (number | string)[] }>(sql`
    with batch as (
      insert into send_batches (id, institution_id, sender_user_id, sender_person_id, body, template_id, recipient_count, created_at)
      values (${batchId}, ${common.institutionId}, ${common.fromUserId}, ${common.fromPersonId}, ${common.body}, ${common.templateId ?? null}::uuid, ${rows.length}, ${ts(common.createdAt)})
      on conflict (id) do nothing
    ), src as materialized (
      select (select array_agg(nextval('messages_id_seq') order by g) from generate_series(1, ${rows.length}::int) g) as message_ids,
        ${col("toPersonId")}::uuid[] as to_person_ids, ${col("channel")}::text[] as channels, ${col("status")}::text[] as statuses,
        ${col("toAddress")}::text[] as to_addresses, ${col("toPhoneId")}::uuid[] as to_phone_ids, ${col("reasonCode")}::text[] as reason_codes,
        ${col("decisionDetail")}::text[] as decision_details, ${bodies} as bodies, ${segmentCounts} as segment_counts
    ), chunks as (
      insert into send_outbox (batch_id, chunk, institution_id, message_ids, to_person_ids, channels, statuses, to_addresses, to_phone_ids,
        reason_codes, decision_details, bodies, segment_counts, system_number_id, sms_from_address, email_from_address, sms_segments,
        conversation_system_number_id, created_at)
      select ${batchId}, k, ${common.institutionId}, s.message_ids[a:z], s.to_person_ids[a:z], s.channels[a:z], s.statuses[a:z],
        s.to_addresses[a:z], s.to_phone_ids[a:z], s.reason_codes[a:z], s.decision_details[a:z], s.bodies[a:z], s.segment_counts[a:z],
        ${facts.systemNumberId}::uuid,
        ${facts.smsFromAddress}::text, ${facts.emailFromAddress}::text, ${facts.segments}::int, ${facts.conversationSystemNumberId}::uuid,
        ${ts(common.createdAt)}
      from src s
      cross join generate_series(0, ${chunks - 1}::int) k
      cross join lateral (select k * ${chunkSize}::int + 1 as a, (k + 1) * ${chunkSize}::int as z) r
    )
    select message_ids from src`);
  const ids = stored.message_ids.map(Number);
  return { batchId, idByRecipient: new Map(rows.map((r, i) => [r.toPersonId, ids[i]])), chunks };
}

export type WrittenChunk = {
  /** The messages this call wrote, with what the dispatcher needs to know. */
  messages: { id: number; channel: "SMS" | "EMAIL"; status: string }[];
};

/**
 * Writes up to `size` rows of one chunk of a send's outbox to messages and moves its `written`
 * past them, in the caller's transaction (which also queues their dispatch jobs, so rows are
 * written and triggered exactly once). The chunk is the first one no other writer holds
 * (`for update skip locked`): writers of the same send work side by side on different chunks.
 * Before the rows, their conversations with the sender are created when missing (SPEC §4.2: a
 * send starts or continues the sender's conversation with each recipient), as `ensureConversations`
 * does for a small send: an existing one is found by its unique index and left unwritten (`on
 * conflict do nothing` checks the index before writing), and each row then reads its
 * conversation by an index probe, never a scan of the institution's conversations.
 * `on conflict (id) do nothing` keeps a message from being written twice whatever happens. Null when no chunk is left to take (all written, or held by other writers).
 */
export async function writeOutboxChunk(
  tx: DbOrTx,
  params: { institutionId: string; batchId: string; size: number; now: Date },
): Promise<WrittenChunk | null> {
  const [outbox] = await tx.execute<{ chunk: number; written: number; total: number; conversations: boolean }>(sql`
    select chunk, written, cardinality(message_ids) as total, conversation_system_number_id is not null as conversations
    from send_outbox where institution_id = ${params.institutionId} and batch_id = ${params.batchId}
    order by chunk limit 1 for update skip locked`);
  if (!outbox) return null;
  const mine = sql`o.institution_id = ${params.institutionId} and o.batch_id = ${params.batchId} and o.chunk = ${outbox.chunk}`;
  const from = Number(outbox.written) + 1;
  const to = Math.min(Number(outbox.total), Number(outbox.written) + params.size);
  const at = ts(params.now);
  // The chunk's rows once (r), their conversations created when missing (created) or found
  // (existing: those of the statement's snapshot), then the message rows, each with its conversation.
  const written = await tx.execute<{ id: number; channel: "SMS" | "EMAIL"; status: string; conversation_id: string | null }>(sql`
    with r as materialized (
      select u.*, o.institution_id, o.batch_id, b.sender_user_id, b.sender_person_id, coalesce(u.own_body, b.body) as body, b.template_id,
        o.created_at,
        case when u.status = 'refused' then null when u.channel = 'SMS' then o.sms_from_address else o.email_from_address end as from_address,
        case when u.channel = 'SMS' and u.status <> 'refused' then o.system_number_id end as system_number_id,
        case when u.channel = 'SMS' and u.status <> 'refused' then coalesce(u.own_segments, o.sms_segments) end as segments,
        o.conversation_system_number_id
      from send_outbox o
      join send_batches b on b.id = o.batch_id and b.institution_id = o.institution_id
      cross join lateral unnest(o.message_ids[${from}:${to}], o.to_person_ids[${from}:${to}], o.channels[${from}:${to}],
        o.statuses[${from}:${to}], o.to_addresses[${from}:${to}], o.to_phone_ids[${from}:${to}], o.reason_codes[${from}:${to}],
        o.decision_details[${from}:${to}], o.bodies[${from}:${to}], o.segment_counts[${from}:${to}])
        as u(id, to_person_id, channel, status, to_address, to_phone_id, reason_code, decision_detail, own_body, own_segments)
      where ${mine}
    ), created as (
      insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number, system_number_id, last_message_at, created_at)
      select r.institution_id, r.sender_person_id, r.to_person_id, case when r.channel = 'SMS' and r.status = 'pending' then r.to_address end,
        r.conversation_system_number_id, ${at}, ${at}
      from r where r.conversation_system_number_id is not null
      on conflict (institution_id, owner_person_id, counterpart_person_id) where counterpart_person_id is not null
      do nothing
      returning id, counterpart_person_id
    ), existing as (
      select c.id, c.counterpart_person_id from conversations c
      where ${outbox.conversations}::boolean and c.institution_id = ${params.institutionId} and c.counterpart_person_id is not null
        and c.owner_person_id = (select b.sender_person_id from send_batches b where b.id = ${params.batchId})
        and c.counterpart_person_id = any(array(select r.to_person_id from r))
    ), conversation as (
      select id, counterpart_person_id from created union all select id, counterpart_person_id from existing
    )
    insert into messages (id, institution_id, batch_id, direction, from_user_id, from_person_id, body, template_id, created_at, updated_at,
      to_person_id, channel, status, from_address, to_address, to_phone_id, system_number_id, reason_code, decision_detail, segments,
      conversation_id)
    overriding system value
    select r.id, r.institution_id, r.batch_id, 'OUTBOUND', r.sender_user_id, r.sender_person_id, r.body, r.template_id, r.created_at, ${at},
      r.to_person_id, r.channel, r.status, r.from_address, r.to_address, r.to_phone_id, r.system_number_id, r.reason_code,
      r.decision_detail, r.segments, c.id
    from r left join conversation c on c.counterpart_person_id = r.to_person_id
    on conflict (id) do nothing
    returning id, channel, status, conversation_id`);
  // A conversation another transaction created after this statement's snapshot (do nothing,
  // and not in `existing`): visible to a new statement.
  const orphans = outbox.conversations ? written.filter((m) => m.conversation_id === null).map((m) => Number(m.id)) : [];
  if (orphans.length > 0) await attachConversations(tx, { institutionId: params.institutionId, messageIds: orphans });
  if (to === Number(outbox.total)) await tx.execute(sql`delete from send_outbox o where ${mine}`);
  else await tx.execute(sql`update send_outbox o set written = ${to} where ${mine}`);
  return { messages: written.map((m) => ({ id: Number(m.id), channel: m.channel, status: m.status })) };
}

/** Sets the conversation of outbound messages that have none: the sender's with their recipient. */
async function attachConversations(tx: DbOrTx, params: { institutionId: string; messageIds: number[] }) {
  await tx.execute(sql`
    update messages m set conversation_id = c.id
    from conversations c
    where m.institution_id = ${params.institutionId} and m.id = any(${pgArray(params.messageIds)}::bigint[]) and m.conversation_id is null
      and c.institution_id = m.institution_id and c.owner_person_id = m.from_person_id and c.counterpart_person_id = m.to_person_id`);
}

/**
 * Wakes the workers' outbox writers at once when the transaction commits (LISTEN in
 * lib/jobs/worker.ts), rather than at their next poll of the queue: a large send's rows are
 * written within its first half second.
 */
export async function notifyOutboxWriters(tx: DbOrTx) {
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/** The NOTIFY channel of `notifyOutboxWriters`. */
const OUTBOX_CHANNEL = "aviso_send_outbox";

/**
 * Calls `onSend` whenever a transaction that stored a large send commits, on a connection of
 * its own (postgres.js reconnects it and listens again). Returns the way to stop listening.
 */
export async function listenForOutboxes(onSend: () => void): Promise<() => Promise<void>> {
  const { unlisten } = await getSql().listen(OUTBOX_CHANNEL, onSend);
  return unlisten;
}

/**
 * Sends whose outbox rows have waited since before `before` (oldest first): the worker's sweep
 * asks which of them still have a writing job (lib/jobs/worker.ts). Across institutions, as its
 * sweep of pending messages: each send comes with its institution.
 */
export async function findOutboxesCreatedBefore(
  db: DbOrTx,
  params: { before: Date; limit: number },
): Promise<{ institutionId: string; batchId: string }[]> {
  const rows = await db.execute<{ institution_id: string; batch_id: string }>(sql`
    select o.institution_id, o.batch_id from send_outbox o
    where o.created_at < ${ts(params.before)}
    group by o.institution_id, o.batch_id
    order by min(o.created_at)
    limit ${params.limit}`);
  return rows.map((r) => ({ institutionId: r.institution_id, batchId: r.batch_id }));
}

/**
 * A message still in its send's outbox, as `findMessageDetail` reads a stored one: pending (or
 * refused, or failed as undeliverable), with no provider id and no events yet, and its
 * conversation once a writer of the send has created it. Null when no outbox of the institution
 * holds that id.
 */
export async function findOutboxMessage(db: DbOrTx, params: { institutionId: string; messageId: number }): Promise<MessageDetailRow | null> {
  const [row] = await db.execute<MessageDetailRow>(sql`
    select ${params.messageId}::bigint as id, o.batch_id, c.id as conversation_id,
      c.owner_person_id as conversation_owner_person_id, 'OUTBOUND' as direction, o.channels[i] as channel, o.statuses[i] as status,
      b.sender_user_id as from_user_id, b.sender_person_id as from_person_id,
      case when o.statuses[i] = 'refused' then null when o.channels[i] = 'SMS' then o.sms_from_address else o.email_from_address end as from_address,
      o.to_person_ids[i] as to_person_id, o.to_addresses[i] as to_address, coalesce(o.bodies[i], b.body) as body,
      b.template_id, (select t.name from message_templates t where t.id = b.template_id and t.institution_id = o.institution_id) as template_name,
      o.reason_codes[i] as reason_code,
      o.decision_details[i] as decision_detail, null::int as error_code,
      case when o.channels[i] = 'SMS' and o.statuses[i] <> 'refused' then coalesce(o.segment_counts[i], o.sms_segments) end as segments, null::text as provider_id,
      null::bigint as fallback_for_message_id, null::bigint as fallback_message_id, o.created_at, null::timestamptz as sent_at,
      null::timestamptz as delivered_at, null::timestamptz as held_until, null::text as held_time_zone
    from send_outbox o
    cross join lateral array_position(o.message_ids, ${params.messageId}::bigint) as i
    join send_batches b on b.id = o.batch_id and b.institution_id = o.institution_id
    left join conversations c on o.conversation_system_number_id is not null and c.institution_id = o.institution_id
      and c.owner_person_id = b.sender_person_id and c.counterpart_person_id = o.to_person_ids[i]
    where o.institution_id = ${params.institutionId} and i > o.written`);
  return row ?? null;
}
