import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { bigintArray, pgArray, ts } from "@/db/queries/sql-values";
import type { MessageStatus } from "@/db/schema/constants";

/*
 * Test-only statements on messages (STYLE: SQL lives in db/): set-based setups a factory would
 * take thousands of round trips for, and states only a clock or a crash produces. Never
 * imported by the app.
 */

/**
 * `count` delivered texts from one person to another, set-based, `perMinute` of them sharing
 * each created_at from `startAt` on (so ties on created_at must be broken by id), bodies
 * `Bulk 1` … `Bulk <count>`.
 */
export async function insertDeliveredTexts(
  db: DbOrTx,
  p: { institutionId: string; fromPersonId: string; toPersonId: string; fromAddress: string; toAddress: string; count: number; perMinute: number; startAt: Date },
) {
  await db.execute(sql`
    insert into messages (institution_id, channel, direction, status, from_person_id, to_person_id, from_address, to_address, body, created_at)
    select ${p.institutionId}, 'SMS', 'OUTBOUND', 'delivered', ${p.fromPersonId}, ${p.toPersonId}, ${p.fromAddress}, ${p.toAddress},
      'Bulk ' || g, ${ts(p.startAt)} + (g / ${p.perMinute}) * interval '1 minute'
    from generate_series(1, ${p.count}) g`);
}

/** Moves these messages' created_at later by `microseconds` (finer than a JavaScript Date can say). */
export async function shiftCreatedAt(db: DbOrTx, messageIds: readonly number[], microseconds: number) {
  await db.execute(sql`
    update messages set created_at = created_at + make_interval(secs => ${microseconds / 1_000_000})
    where id = any(${bigintArray(messageIds)})`);
}

/**
 * Pending fallback emails (NO_SMS_NUMBER) from one sender to each address, in order, as a send
 * would leave them; returns their ids in that order.
 */
export async function insertPendingEmails(
  db: DbOrTx,
  p: { institutionId: string; fromUserId: string; fromPersonId: string; fromAddress: string; body: string; toAddresses: readonly string[] },
): Promise<number[]> {
  const rows = await db.execute<{ id: string }>(sql`
    insert into messages (institution_id, channel, direction, from_user_id, from_person_id, from_address, to_address, body, status, reason_code)
    select ${p.institutionId}, 'EMAIL', 'OUTBOUND', ${p.fromUserId}, ${p.fromPersonId}, ${p.fromAddress}, addr, ${p.body}, 'pending', 'NO_SMS_NUMBER'
    from unnest(${pgArray(p.toAddresses)}::text[]) with ordinality as a(addr, ord)
    order by ord
    returning id`);
  return rows.map((r) => Number(r.id));
}

/** Makes a send's outbox row look `seconds` older (as if its writing job had been lost that long ago). */
export async function backdateOutbox(db: DbOrTx, batchId: string, seconds: number) {
  await db.execute(sql`update send_outbox set created_at = created_at - make_interval(secs => ${seconds}) where batch_id = ${batchId}`);
}

/** The id of the text a send addressed to a person (its own row, not a fallback email for it). */
export async function messageOfSendTo(db: DbOrTx, batchId: string, toPersonId: string): Promise<number> {
  const [row] = await db.execute<{ id: string }>(sql`
    select id from messages where batch_id = ${batchId} and to_person_id = ${toPersonId} and fallback_for_message_id is null`);
  return Number(row.id);
}

/** Sets a message's status directly, as Twilio's callback would have left it (no event, no fallback). */
export async function setMessageStatus(db: DbOrTx, messageId: number, status: MessageStatus) {
  await db.execute(sql`update messages set status = ${status} where id = ${messageId}`);
}

export type FallbackEmailRow = { to_address: string; body: string; reason_code: string; fallback_for_message_id: number };

/** A send's fallback emails for failed texts, except those that failed themselves, by address. */
export async function fallbackEmailsOfSend(db: DbOrTx, batchId: string): Promise<FallbackEmailRow[]> {
  return db.execute<FallbackEmailRow>(sql`
    select to_address, body, reason_code, fallback_for_message_id from messages
    where batch_id = ${batchId} and channel = 'EMAIL' and fallback_for_message_id is not null and status <> 'failed'
    order by to_address`);
}

/** Marks a text delivered at `at`, as Twilio's `delivered` callback would (sent_at too, when unset). */
export async function markTextDelivered(db: DbOrTx, messageId: number, at: Date) {
  await db.execute(sql`
    update messages set status = 'delivered', sent_at = coalesce(sent_at, ${ts(at)}), delivered_at = ${ts(at)}, updated_at = ${ts(at)}
    where id = ${messageId}`);
}

/** The system number a send's texts went from (the sender's, assigned by the send). */
export async function senderNumberOfSend(db: DbOrTx, batchId: string): Promise<string> {
  const [row] = await db.execute<{ from_address: string }>(sql`
    select from_address from messages where batch_id = ${batchId} and channel = 'SMS' and from_address is not null limit 1`);
  return row.from_address;
}
