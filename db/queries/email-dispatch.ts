import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { outboundColumns, outboundRows, recordMessageEvents, type OutboundRow } from "./messages";
import { waitsWhilePaused } from "./send-pause";
import { bigintArray, textArray, ts } from "./sql-values";

/**
 * The worker's statements for emails (lib/messaging/dispatch/dispatch-email.ts). A job names
 * message ids only, across institutions; every statement finds its rows by id or by the request
 * key written on them when they were claimed.
 */

/** An email claimed for sending, with its request key (every claim gives one) and its sender's name. */
export type ClaimedEmail = OutboundRow & { sender_name: string | null; request_key: string };

/**
 * Claims the emails among `messageIds` that are due: pending ones whose time has come, and ones
 * left `sending` by a worker that died (claimed before `staleBefore`). Emails never tried are
 * given batch keys, `<token>/<n>`, one per `perRequest`; an email tried before without a key
 * (by the previous version, which sent each email alone) gets the key it was sent with,
 * `message-<id>`. An email that has a key is claimed with every other email of that key, so a
 * request is always resent whole; that statement waits for rows another worker is claiming,
 * then skips them (they are no longer due), so a request is never split between two workers.
 * A paused send's own emails never offered to Resend wait for its resume (issue 18); its
 * fallback emails, and emails already under a request key, go.
 */
export async function claimDueEmails(
  db: DbOrTx,
  params: { messageIds: readonly number[]; now: Date; staleBefore: Date; perRequest: number; token: string },
): Promise<ClaimedEmail[]> {
  const { now } = params;
  const ids = bigintArray(params.messageIds);
  const due = (alias: string) => {
    const m = sql.raw(alias);
    return sql`((${m}.status = 'pending' and coalesce(${m}.next_attempt_at, '-infinity') <= ${ts(now)})
      or (${m}.status = 'sending' and ${m}.claimed_at < ${ts(params.staleBefore)}))`;
  };
  const returning = sql`${outboundColumns("m")}, m.request_key, (select display_name from users u where u.id = m.from_user_id) as sender_name`;
  const claim = sql`status = 'sending', claimed_at = ${ts(now)}, next_attempt_at = null, attempts = m.attempts + 1, updated_at = ${ts(now)}`;
  const fresh = await db.execute<ClaimedEmail>(sql`
    with c as (
      select id, attempts from messages m
      where id = any(${ids}) and channel = 'EMAIL' and direction = 'OUTBOUND' and request_key is null and ${due("m")}
        and not ${waitsWhilePaused("m")}
      order by id
      for update skip locked
    ), n as (
      select id, attempts, (row_number() over (partition by attempts = 0 order by id) - 1) / ${params.perRequest} as chunk from c
    )
    update messages m set ${claim},
      request_key = case when n.attempts = 0 then ${params.token} || '/' || n.chunk else 'message-' || m.id end
    from n where m.id = n.id
    returning ${returning}`);
  const keyed = await db.execute<ClaimedEmail>(sql`
    with k as materialized (
      select distinct request_key from messages k
      where id = any(${ids}) and channel = 'EMAIL' and direction = 'OUTBOUND' and request_key is not null and ${due("k")}
    )
    update messages m set ${claim}
    from k where m.request_key = k.request_key and m.channel = 'EMAIL' and ${due("m")}
    returning ${returning}`);
  return outboundRows([...fresh, ...keyed]).sort((a, b) => a.id - b.id);
}

/** The emails of a refused batch request each go alone from now on, under `message-<id>`. */
export async function splitEmailRequest(db: DbOrTx, params: { requestKey: string; now: Date }) {
  await db.execute(sql`
    update messages set request_key = 'message-' || id, updated_at = ${ts(params.now)}
    where request_key = ${params.requestKey} and status = 'sending'`);
}

/** Claimed emails tried again at `retryAt`, keeping their request key. */
export async function postponeEmails(db: DbOrTx, params: { messageIds: readonly number[]; retryAt: Date; now: Date }) {
  await db.execute(sql`
    update messages set status = 'pending', next_attempt_at = ${ts(params.retryAt)}, updated_at = ${ts(params.now)}
    where id = any(${bigintArray(params.messageIds)}) and status = 'sending'`);
}

/** Records the outcome of the emails of one request, with an event each, in one transaction. */
export async function settleEmails(
  db: Db,
  params: { emails: readonly { id: number; institutionId: string }[]; status: "sent" | "failed"; providerIds: string[] | null; now: Date },
) {
  const { status, now } = params;
  const ids = params.emails.map((e) => e.id);
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update messages m set status = ${status}, provider_id = coalesce(p.provider_id, m.provider_id),
        sent_at = case when ${status} = 'sent' then ${ts(now)} else m.sent_at end,
        claimed_at = null, request_key = null, updated_at = ${ts(now)}
      from unnest(${bigintArray(ids)}, ${textArray(params.providerIds ?? ids.map(() => null))}) as p(id, provider_id)
      where m.id = p.id and m.status = 'sending'`);
    await recordMessageEvents(
      tx,
      params.emails.map((email) => ({ institutionId: email.institutionId, messageId: email.id, status, source: "RESEND" as const, occurredAt: now })),
    );
  });
}
