import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { bigintArray } from "@/db/queries/sql-values";

/*
 * Test-only statements for the carrier-filtering pause (db/queries/send-pause.ts): what Twilio
 * would have done to a send's texts, and read-outs of a send's row and messages. Never imported
 * by the app.
 */

/** These texts handed to Twilio (status `sent`, a sid each: `SM<32 hex>` from the message id). */
export async function markTextsHandedOver(db: DbOrTx, messageIds: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.execute<{ id: number; sid: string }>(sql`
    update messages set status = 'sent', attempts = attempts + 1, sent_at = now(),
      provider_id = 'SM' || lpad(to_hex(id), 32, '0')
    where id = any(${bigintArray(messageIds)}) and channel = 'SMS' and status = 'pending'
    returning id, provider_id as sid`);
  return new Map(rows.map((r) => [Number(r.id), r.sid]));
}

/** A send's row as the check sees it. */
export async function sendPauseState(db: DbOrTx, batchId: string) {
  const [row] = await db.execute<{
    state: string;
    first_results: number;
    first_results_filtered: number;
    first_results_opted_out: number;
    paused_at: Date | null;
    paused_reason: string | null;
    resumed_at: Date | null;
    resumed_by_user_id: string | null;
    cancelled_by_user_id: string | null;
    finished_at: Date | null;
  }>(sql`
    select state, first_results, first_results_filtered, first_results_opted_out, paused_at, paused_reason, resumed_at,
      resumed_by_user_id, cancelled_by_user_id, finished_at
    from send_batches where id = ${batchId}`);
  return row;
}

/** A send's messages by channel, status and reason, with how many (fallback emails apart). */
export async function sendStatusCounts(db: DbOrTx, batchId: string) {
  const rows = await db.execute<{ kind: string; status: string; reason_code: string | null; n: number }>(sql`
    select case when fallback_for_message_id is null then channel else 'FALLBACK' end as kind, status, reason_code, count(*)::int as n
    from messages where batch_id = ${batchId} group by 1, 2, 3 order by 1, 2, 3`);
  return rows.map((r) => `${r.kind} ${r.status}${r.reason_code ? ` ${r.reason_code}` : ""}: ${r.n}`);
}

/** Pauses a released send as the check would (for the route and UI tests, which do not replay 5 failures). */
export async function pauseSendForTest(db: DbOrTx, batchId: string) {
  await db.execute(sql`
    update send_batches set state = 'paused', paused_at = now(), paused_reason = 'CARRIER_FILTERING', first_results = 5, first_results_filtered = 5
    where id = ${batchId} and state in ('sending', 'done')`);
}

/** Mail the Resend stand-in took whose subject says a send paused, by address. */
export async function pauseNoticesByAddress(db: DbOrTx, institutionId: string) {
  const rows = await db.execute<{ address: string; n: number }>(sql`
    select to_addresses[1] as address, count(*)::int as n from mail_outbox
    where institution_id = ${institutionId} and subject like '%is paused: carrier filtering' group by 1 order by 1`);
  return Object.fromEntries(rows.map((r) => [r.address, Number(r.n)]));
}
