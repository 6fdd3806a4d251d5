import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { outboundColumns, outboundRows, type OutboundRow } from "./messages";
import { waitsWhilePaused } from "./send-pause";
import { ts } from "./sql-values";

/**
 * The worker's statements for texts (lib/messaging/dispatch/dispatch-sms.ts). A job names
 * message ids only, across institutions; every statement finds its rows by id, and a claim's
 * `attempts` is its token: a worker that was overtaken writes nothing.
 */

/** A text claimed for sending, with the status it had before the claim. */
export type ClaimedText = OutboundRow & { prev_status: string };

/**
 * Claims the given texts that are due: pending ones whose time has come (a text held for quiet
 * hours has its `next_attempt_at` at its `held_until`; the claim ends the hold, and the gate
 * decides again), and `sending` ones whose look-up is due or whose claim is older than
 * `staleBefore` (its worker died). Rows another worker holds are skipped, and so are the pending
 * texts of a send paused for carrier filtering (issue 18): they wait, unclaimed, for its resume.
 */
export async function claimDueTexts(db: DbOrTx, params: { messageIds: readonly number[]; now: Date; staleBefore: Date }): Promise<ClaimedText[]> {
  const { now } = params;
  const ids = sql`${`{${params.messageIds.join(",")}}`}::bigint[]`;
  return outboundRows(await db.execute<ClaimedText>(sql`
    with c as (
      select id, status as prev_status from messages
      where id = any(${ids}) and channel = 'SMS' and direction = 'OUTBOUND'
        and ((status = 'pending' and coalesce(next_attempt_at, '-infinity') <= ${ts(now)})
          or (status = 'sending' and (next_attempt_at <= ${ts(now)} or claimed_at < ${ts(params.staleBefore)})))
        and not ${waitsWhilePaused("messages")}
      for update skip locked
    )
    update messages m set status = 'sending', claimed_at = ${ts(now)}, next_attempt_at = null, held_until = null, held_time_zone = null,
      attempts = m.attempts + 1, updated_at = ${ts(now)}
    from c where m.id = c.id
    returning ${outboundColumns("m")}, c.prev_status`));
}

/**
 * A claimed text tried again at `retryAt`: `pending` when Twilio never took it (safe to send
 * again), `sending` after an ambiguous answer (the next attempt looks it up first).
 */
export async function postponeText(
  db: DbOrTx,
  params: { messageId: number; attempts: number; status: "pending" | "sending"; retryAt: Date; now: Date },
) {
  await db.execute(sql`
    update messages set status = ${params.status}, next_attempt_at = ${ts(params.retryAt)}, updated_at = ${ts(params.now)}
    where id = ${params.messageId} and status = 'sending' and attempts = ${params.attempts}`);
}

/** A claimed text whose look-up at Twilio failed: looked up again at `retryAt`, status unchanged. */
export async function postponeTextLookUp(db: DbOrTx, params: { messageId: number; attempts: number; retryAt: Date; now: Date }) {
  await db.execute(sql`
    update messages set next_attempt_at = ${ts(params.retryAt)}, updated_at = ${ts(params.now)}
    where id = ${params.messageId} and status = 'sending' and attempts = ${params.attempts}`);
}

/** Whether a text other than `messageId` already holds this Twilio sid. */
export async function isSidHeldByAnotherText(db: DbOrTx, params: { sid: string; messageId: number }): Promise<boolean> {
  const taken = await db.execute(sql`select 1 from messages where channel = 'SMS' and provider_id = ${params.sid} and id <> ${params.messageId}`);
  return taken.length > 0;
}

/** A text Twilio took: the claim (id and attempt) and Twilio's answer. */
export type HandedOverText = { id: number; attempts: number; sid: string; status: "queued" | "accepted" };

/**
 * One statement for many texts: each sid with its `queued` event, or nothing for that text.
 * `attempts` is each claim's token: a worker that stalled past the stale-claim age and was
 * overtaken writes nothing; the new claim's look-up finds this sid and adopts it. A status
 * callback that overtook this record has already found the text by the id in its URL (and
 * recorded the sid): the status stays where the callback put it (Twilio's own `sending`
 * included, which reconciliation follows up like `sent`). Returns the ids recorded.
 */
export async function recordTextsHandedOver(db: DbOrTx, params: { items: readonly HandedOverText[]; now: Date }): Promise<Set<number>> {
  const { items, now } = params;
  const array = (values: (string | number)[], type: string) => sql`${`{${values.join(",")}}`}::${sql.raw(type)}[]`;
  const recorded = await db.execute<{ id: number }>(sql`
    with v as (
      select * from unnest(${array(items.map((i) => i.id), "bigint")}, ${array(items.map((i) => i.attempts), "int")},
        ${array(items.map((i) => i.sid), "text")}, ${array(items.map((i) => i.status), "text")}) as v(id, attempts, sid, status)
    ), mine as (
      -- Locked in id order, as every batch does, so two workers' batches never wait on each other in a cycle.
      select messages.id from messages join v on v.id = messages.id and messages.attempts = v.attempts
      order by messages.id
      for update of messages
    ), m as (
      update messages set status = case when messages.status = 'sending' and messages.provider_id is null then v.status else messages.status end,
        provider_id = v.sid, claimed_at = null, next_attempt_at = null, updated_at = ${ts(now)}
      from v join mine on mine.id = v.id
      where messages.id = v.id and messages.attempts = v.attempts
      returning messages.id, messages.institution_id, v.sid, v.status
    ), e as (
      insert into message_events (institution_id, message_id, status, source, event_key, occurred_at)
      select institution_id, id, status, 'TWILIO', sid || ':' || status, ${ts(now)} from m
      on conflict (event_key) where event_key is not null do nothing
    )
    select id from m`);
  return new Set(recorded.map((r) => Number(r.id)));
}
