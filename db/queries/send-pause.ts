import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "./sql-values";

/*
 * The carrier-filtering pause of a running send (issue 18; the rule is
 * lib/messaging/send/carrier-filtering.ts). Every statement here is one conditional UPDATE on
 * the send's row, or runs under that row's lock, so concurrent results, resumes and cancels
 * serialise on it: a send is counted once per result, paused once, resumed or cancelled once.
 */

/**
 * A send "running": still writing its rows (sending), paused, or with a message not yet at a
 * final status — a text before delivered/undelivered/failed/canceled, an email before Resend
 * took it. Evaluated only where a result may pause the send or an opt-out is counted.
 */
const running = (b: string) => {
  const t = sql.raw(b);
  return sql`(${t}.state in ('sending', 'paused') or exists (
    select 1 from messages m where m.batch_id = ${t}.id and m.institution_id = ${t}.institution_id and m.fallback_for_message_id is null
      and ((m.channel = 'SMS' and m.status in ('pending', 'sending', 'queued', 'accepted', 'sent'))
        or (m.channel = 'EMAIL' and m.status in ('pending', 'sending')))))`;
};

/** The pending messages of a paused send that wait for its resume: its texts, and its own emails (fallback emails go). */
export const waitsWhilePaused = (m: string) => {
  const t = sql.raw(m);
  return sql`(${t}.status = 'pending' and ${t}.batch_id is not null and (${t}.channel = 'SMS' or ${t}.fallback_for_message_id is null)
    and exists (select 1 from send_batches pb where pb.id = ${t}.batch_id and pb.state = 'paused'))`;
};

export type CountedResult = {
  /** Flagged results (filtered + opted out) among the first results so far, this one included. */
  flagged: number;
  /** The send was never paused nor resumed: the check may still pause it. */
  armed: boolean;
};

/**
 * Counts one result of a send among its first `window` results: null when the window is full,
 * the send is not released (scheduled) or cancelled, or (an opt-out, `onlyWhileRunning`) the
 * send is no longer running. Holds the send's row lock until the caller's transaction ends.
 */
export async function countSendResult(
  tx: DbOrTx,
  p: { institutionId: string; batchId: string; filtered: boolean; optedOut: boolean; window: number; onlyWhileRunning: boolean },
): Promise<CountedResult | null> {
  const [row] = await tx.execute<{ flagged: number; armed: boolean }>(sql`
    update send_batches b set first_results = b.first_results + 1,
      first_results_filtered = b.first_results_filtered + ${p.filtered ? 1 : 0}::int,
      first_results_opted_out = b.first_results_opted_out + ${p.optedOut ? 1 : 0}::int
    where b.institution_id = ${p.institutionId} and b.id = ${p.batchId} and b.state in ('sending', 'done', 'paused')
      and b.first_results < ${p.window}::int and (not ${p.onlyWhileRunning}::boolean or ${running("b")})
    returning b.first_results_filtered + b.first_results_opted_out as flagged, b.paused_at is null and b.resumed_at is null as armed`);
  return row ? { flagged: Number(row.flagged), armed: row.armed } : null;
}

/**
 * Pauses a running send for carrier filtering: only a released send (sending or done) never
 * paused before, and only while it still has something running. True when this call paused it.
 */
export async function pauseSendForFiltering(tx: DbOrTx, p: { institutionId: string; batchId: string; now: Date }): Promise<boolean> {
  const rows = await tx.execute<{ id: string }>(sql`
    update send_batches b set state = 'paused', paused_at = ${ts(p.now)}, paused_reason = 'CARRIER_FILTERING'
    where b.institution_id = ${p.institutionId} and b.id = ${p.batchId} and b.state in ('sending', 'done')
      and b.paused_at is null and b.resumed_at is null and ${running("b")}
    returning b.id`);
  return rows.length > 0;
}

/**
 * The send whose text this number last received from this system number, handed to Twilio
 * before now (an opt-out "after its message"): null when none of a send (messages_sms_pair_idx).
 */
export async function findSendLastTextedTo(db: DbOrTx, p: { institutionId: string; systemNumber: string; number: string }): Promise<string | null> {
  const [row] = await db.execute<{ batch_id: string }>(sql`
    select batch_id from messages
    where institution_id = ${p.institutionId} and channel = 'SMS' and direction = 'OUTBOUND'
      and from_address = ${p.systemNumber} and to_address = ${p.number} and provider_id is not null and batch_id is not null
    order by created_at desc, id desc limit 1`);
  return row?.batch_id ?? null;
}

/**
 * Resumes a paused send: sending again while its outbox still has rows, else done (finished
 * now if its writers finished while it was paused). Returns the messages that waited (pending
 * texts, and its own pending emails never handed to Resend) for their dispatch jobs, or null
 * when the send was not paused (another resume or a cancel came first).
 */
export async function resumePausedSend(
  tx: DbOrTx,
  p: { institutionId: string; batchId: string; userId: string; now: Date },
): Promise<{ id: number; channel: "SMS" | "EMAIL" }[] | null> {
  const resumed = await tx.execute<{ id: string }>(sql`
    update send_batches b set
      state = case when exists (select 1 from send_outbox o where o.batch_id = b.id) then 'sending' else 'done' end,
      finished_at = case when exists (select 1 from send_outbox o where o.batch_id = b.id) then b.finished_at else coalesce(b.finished_at, ${ts(p.now)}) end,
      resumed_at = ${ts(p.now)}, resumed_by_user_id = ${p.userId}, updated_at = ${ts(p.now)}
    where b.institution_id = ${p.institutionId} and b.id = ${p.batchId} and b.state = 'paused'
    returning b.id`);
  if (resumed.length === 0) return null;
  const rows = await tx.execute<{ id: number; channel: "SMS" | "EMAIL" }>(sql`
    select id, channel from messages
    where institution_id = ${p.institutionId} and batch_id = ${p.batchId} and status = 'pending' and request_key is null
      and (channel = 'SMS' or fallback_for_message_id is null)
    order by id`);
  return rows.map((r) => ({ id: Number(r.id), channel: r.channel }));
}

/** Cancels a paused send (its row only; then cancelWaitingMessages). False when it was not paused. */
export async function cancelPausedSend(tx: DbOrTx, p: { institutionId: string; batchId: string; userId: string; now: Date }): Promise<boolean> {
  const rows = await tx.execute<{ id: string }>(sql`
    update send_batches set state = 'cancelled', cancelled_at = ${ts(p.now)}, cancelled_by_user_id = ${p.userId}, updated_at = ${ts(p.now)}
    where institution_id = ${p.institutionId} and id = ${p.batchId} and state = 'paused'
    returning id`);
  return rows.length > 0;
}

/**
 * A cancelled send's messages not yet handed over — pending texts and its own pending emails
 * never offered to Resend — become `canceled` (SEND_CANCELLED), each with its event; only when
 * the send is cancelled. Run by the cancel after its state change, and by an outbox writer for
 * the rows it just wrote (holding the send's row lock, so a cancel misses none). Returns how many.
 */
export async function cancelWaitingMessages(tx: DbOrTx, p: { institutionId: string; batchId: string; now: Date }): Promise<number> {
  const rows = await tx.execute<{ message_id: number }>(sql`
    with c as (
      update messages set status = 'canceled', reason_code = 'SEND_CANCELLED', held_until = null, held_time_zone = null,
        next_attempt_at = null, claimed_at = null, updated_at = ${ts(p.now)}
      where institution_id = ${p.institutionId} and batch_id = ${p.batchId} and status = 'pending' and request_key is null
        and (channel = 'SMS' or fallback_for_message_id is null)
        and exists (select 1 from send_batches b where b.institution_id = ${p.institutionId} and b.id = ${p.batchId} and b.state = 'cancelled')
      returning id, institution_id
    )
    insert into message_events (institution_id, message_id, status, source, reason_code, occurred_at)
    select institution_id, id, 'canceled', 'APP', 'SEND_CANCELLED', ${ts(p.now)} from c
    returning message_id`);
  return rows.length;
}

/** Who is told of a pause: the sender and every administrator of the institution who may sign in, once each. */
export async function findPauseNoticeRecipients(
  db: DbOrTx,
  p: { institutionId: string; batchId: string },
): Promise<{ userId: string; email: string; name: string; isSender: boolean }[]> {
  const rows = await db.execute<{ user_id: string; email: string; name: string; is_sender: boolean }>(sql`
    select u.id as user_id, u.email, u.display_name as name, bool_or(u.id = b.sender_user_id) as is_sender
    from send_batches b
    join users u on u.institution_id = b.institution_id and not u.disabled
    left join persons p on p.id = u.person_id and p.institution_id = u.institution_id
    where b.institution_id = ${p.institutionId} and b.id = ${p.batchId} and coalesce(p.deleted, false) = false
      and (u.id = b.sender_user_id or exists (
        select 1 from person_roles pr join security_roles r on r.id = pr.role_id
        where pr.person_id = u.person_id and pr.institution_id = u.institution_id and r.grants_admin))
    group by u.id, u.email, u.display_name
    order by bool_or(u.id = b.sender_user_id) desc, u.email`);
  return rows.map((r) => ({ userId: r.user_id, email: r.email, name: r.name, isSender: r.is_sender }));
}

/** What a pause notice says about the send. */
export type PausedSendFacts = {
  body: string;
  senderName: string | null;
  recipientCount: number;
  pausedAt: Date | null;
  state: string;
  firstResults: number;
  filtered: number;
  optedOut: number;
};

export async function findPausedSendFacts(db: DbOrTx, p: { institutionId: string; batchId: string }): Promise<PausedSendFacts | null> {
  const [row] = await db.execute<{
    body: string;
    sender_name: string | null;
    recipient_count: number;
    paused_at: string | Date | null;
    state: string;
    first_results: number;
    first_results_filtered: number;
    first_results_opted_out: number;
  }>(sql`
    select b.body, u.display_name as sender_name, b.recipient_count, b.paused_at, b.state, b.first_results,
      b.first_results_filtered, b.first_results_opted_out
    from send_batches b left join users u on u.id = b.sender_user_id
    where b.institution_id = ${p.institutionId} and b.id = ${p.batchId}`);
  if (!row) return null;
  return {
    body: row.body,
    senderName: row.sender_name,
    recipientCount: Number(row.recipient_count),
    pausedAt: row.paused_at === null ? null : new Date(row.paused_at),
    state: row.state,
    firstResults: Number(row.first_results),
    filtered: Number(row.first_results_filtered),
    optedOut: Number(row.first_results_opted_out),
  };
}
