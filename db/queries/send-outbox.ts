import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { batchColumn, type BatchCommon, type BatchRow } from "./messages";
import type { MessageDetailRow } from "./message-detail";
import { ts } from "./sql-values";

/**
 * Stores a large send as its send_batches row and one send_outbox row (db/schema/messages.ts),
 * in one statement: the message ids are drawn from messages' sequence here, one per row in
 * recipient order, and the rows wait as arrays until `writeOutboxChunk` writes them. Returns
 * the batch id and recipient person id → message id, as `insertSendBatch` does.
 */
export async function insertSendOutbox(
  db: DbOrTx,
  common: BatchCommon,
  rows: BatchRow[],
): Promise<{ batchId: string; idByRecipient: Map<string, number> }> {
  const batchId = randomUUID();
  const col = (k: keyof BatchRow) => batchColumn(rows, k);
  const [stored] = await db.execute<{ message_ids: (number | string)[] }>(sql`
    with batch as (
      insert into send_batches (id, institution_id, sender_user_id, sender_person_id, body, recipient_count, created_at)
      values (${batchId}, ${common.institutionId}, ${common.fromUserId}, ${common.fromPersonId}, ${common.body}, ${rows.length}, ${ts(common.createdAt)})
    ), ids as (
      select array_agg(nextval('messages_id_seq') order by g) as message_ids from generate_series(1, ${rows.length}::int) g
    )
    insert into send_outbox (batch_id, institution_id, message_ids, to_person_ids, channels, statuses, from_addresses, to_addresses,
      to_phone_ids, system_number_ids, reason_codes, decision_details, segments, conversation_ids, created_at)
    select ${batchId}, ${common.institutionId}, ids.message_ids, ${col("toPersonId")}::uuid[], ${col("channel")}::text[], ${col("status")}::text[],
      ${col("fromAddress")}::text[], ${col("toAddress")}::text[], ${col("toPhoneId")}::uuid[], ${col("systemNumberId")}::uuid[],
      ${col("reasonCode")}::text[], ${col("decisionDetail")}::text[], ${col("segments")}::int[], ${col("conversationId")}::uuid[], ${ts(common.createdAt)}
    from ids
    returning message_ids`);
  const ids = stored.message_ids.map(Number);
  return { batchId, idByRecipient: new Map(rows.map((r, i) => [r.toPersonId, ids[i]])) };
}

export type WrittenChunk = {
  /** The messages this chunk wrote, with what the dispatcher needs to know. */
  messages: { id: number; channel: "SMS" | "EMAIL"; status: string }[];
  /** Rows of the send still in the outbox after this chunk (0: the outbox row is gone). */
  left: number;
};

/**
 * Writes the next `size` rows of a send's outbox to messages and moves `written` past them, in
 * the caller's transaction (which also queues their dispatch jobs, so a chunk is written and
 * triggered exactly once). The outbox row is locked first: a second writer of the same send
 * waits, then finds the rows written. `on conflict (id) do nothing` keeps a row from being
 * written twice whatever happens. Null when the send has no outbox row (all written).
 */
export async function writeOutboxChunk(
  tx: DbOrTx,
  params: { institutionId: string; batchId: string; size: number; now: Date },
): Promise<WrittenChunk | null> {
  const mine = sql`institution_id = ${params.institutionId} and batch_id = ${params.batchId}`;
  const [outbox] = await tx.execute<{ written: number; total: number }>(sql`
    select written, cardinality(message_ids) as total from send_outbox where ${mine} for update`);
  if (!outbox) return null;
  const from = Number(outbox.written) + 1;
  const to = Math.min(Number(outbox.total), Number(outbox.written) + params.size);
  const written = await tx.execute<{ id: number; channel: "SMS" | "EMAIL"; status: string }>(sql`
    insert into messages (id, institution_id, batch_id, direction, from_user_id, from_person_id, body, created_at, updated_at,
      to_person_id, channel, status, from_address, to_address, to_phone_id, system_number_id, reason_code, decision_detail, segments,
      conversation_id)
    overriding system value
    select r.id, o.institution_id, o.batch_id, 'OUTBOUND', b.sender_user_id, b.sender_person_id, b.body, b.created_at, ${ts(params.now)},
      r.to_person_id, r.channel, r.status, r.from_address, r.to_address, r.to_phone_id, r.system_number_id, r.reason_code,
      r.decision_detail, r.segments, r.conversation_id
    from send_outbox o
    join send_batches b on b.id = o.batch_id and b.institution_id = o.institution_id
    cross join lateral unnest(o.message_ids[${from}:${to}], o.to_person_ids[${from}:${to}], o.channels[${from}:${to}],
      o.statuses[${from}:${to}], o.from_addresses[${from}:${to}], o.to_addresses[${from}:${to}], o.to_phone_ids[${from}:${to}],
      o.system_number_ids[${from}:${to}], o.reason_codes[${from}:${to}], o.decision_details[${from}:${to}], o.segments[${from}:${to}],
      o.conversation_ids[${from}:${to}])
      as r(id, to_person_id, channel, status, from_address, to_address, to_phone_id, system_number_id, reason_code, decision_detail,
        segments, conversation_id)
    where o.institution_id = ${params.institutionId} and o.batch_id = ${params.batchId}
    on conflict (id) do nothing
    returning id, channel, status`);
  const left = Number(outbox.total) - to;
  if (left === 0) await tx.execute(sql`delete from send_outbox where ${mine}`);
  else await tx.execute(sql`update send_outbox set written = ${to} where ${mine}`);
  return { messages: written.map((m) => ({ id: Number(m.id), channel: m.channel, status: m.status })), left };
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
    order by o.created_at
    limit ${params.limit}`);
  return rows.map((r) => ({ institutionId: r.institution_id, batchId: r.batch_id }));
}

/**
 * A message still in its send's outbox, as `findMessageDetail` reads a stored one: pending (or
 * refused, or failed as undeliverable), with no provider id and no events yet. Null when no
 * outbox of the institution holds that id.
 */
export async function findOutboxMessage(db: DbOrTx, params: { institutionId: string; messageId: number }): Promise<MessageDetailRow | null> {
  const [row] = await db.execute<MessageDetailRow>(sql`
    select ${params.messageId}::bigint as id, o.batch_id, o.conversation_ids[i] as conversation_id,
      c.owner_person_id as conversation_owner_person_id, 'OUTBOUND' as direction, o.channels[i] as channel, o.statuses[i] as status,
      b.sender_user_id as from_user_id, b.sender_person_id as from_person_id, o.from_addresses[i] as from_address,
      o.to_person_ids[i] as to_person_id, o.to_addresses[i] as to_address, b.body, o.reason_codes[i] as reason_code,
      o.decision_details[i] as decision_detail, null::int as error_code, o.segments[i] as segments, null::text as provider_id,
      null::bigint as fallback_for_message_id, null::bigint as fallback_message_id, b.created_at, null::timestamptz as sent_at,
      null::timestamptz as delivered_at
    from send_outbox o
    cross join lateral array_position(o.message_ids, ${params.messageId}::bigint) as i
    join send_batches b on b.id = o.batch_id and b.institution_id = o.institution_id
    left join conversations c on c.id = o.conversation_ids[i] and c.institution_id = o.institution_id
    where o.institution_id = ${params.institutionId} and i > o.written`);
  return row ?? null;
}
