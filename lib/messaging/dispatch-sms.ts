import { sql } from "drizzle-orm";
import type twilio from "twilio";
import type { Db } from "@/db";
import { outboundColumns, type OutboundRow } from "@/db/queries/messages";
import { describeError, log } from "@/lib/log";
import { mapLimit } from "./map-limit";
import { classifySendError } from "@/lib/twilio/error-table";
import { applyTwilioFailure } from "./apply-twilio-failure";
import { replayParkedCallbacks } from "./apply-status-callback";
import { DISPATCH, backoffMs } from "./dispatch-policy";
import { ts } from "@/db/queries/sql-values";

export type DispatchDeps = {
  db: Db;
  twilio: twilio.Twilio;
  /** `<PUBLIC_BASE_URL>/api/twilio/status` */
  statusCallbackUrl: string;
  now: () => Date;
};

type Claimed = OutboundRow & { prev_status: string };

export type DispatchOutcome = { handedOver: number; failed: number; retryAt: Map<number, Date> };

/**
 * Claims the given texts that are due and hands each to Twilio once (SPEC §5). A text whose
 * previous attempt ended without a clear answer is looked up at Twilio before it is sent again.
 */
export async function dispatchSms(deps: DispatchDeps, messageIds: readonly number[]): Promise<DispatchOutcome> {
  const outcome: DispatchOutcome = { handedOver: 0, failed: 0, retryAt: new Map() };
  if (messageIds.length === 0) return outcome;
  const now = deps.now();
  const ids = sql`${`{${messageIds.join(",")}}`}::bigint[]`;
  const staleBefore = new Date(now.getTime() - DISPATCH.staleClaimMs);
  const claimed = await deps.db.execute<Claimed>(sql`
    with c as (
      select id, status as prev_status from messages
      where id = any(${ids}) and channel = 'SMS' and direction = 'OUTBOUND'
        and ((status = 'pending' and coalesce(next_attempt_at, '-infinity') <= ${ts(now)})
          or (status = 'sending' and (next_attempt_at <= ${ts(now)} or claimed_at < ${ts(staleBefore)})))
      for update skip locked
    )
    update messages m set status = 'sending', claimed_at = ${ts(now)}, next_attempt_at = null,
      attempts = m.attempts + 1, updated_at = ${ts(now)}
    from c where m.id = c.id
    returning ${outboundColumns("m")}, c.prev_status`);

  await mapLimit(claimed, DISPATCH.concurrency, async (text) => {
    const result = await handOver(deps, text);
    if (result === "handed-over") outcome.handedOver++;
    else if (result === "failed") outcome.failed++;
    else outcome.retryAt.set(text.id, result);
  });
  return outcome;
}

async function handOver(deps: DispatchDeps, text: Claimed): Promise<"handed-over" | "failed" | Date> {
  if (text.prev_status === "sending") {
    const sid = await findAtTwilio(deps, text);
    if (sid) {
      await markHandedOver(deps, text, { sid, status: "queued" });
      return "handed-over";
    }
  }
  try {
    const sent = await deps.twilio.messages.create({
      to: text.to_address!,
      from: text.from_address!,
      body: text.body,
      statusCallback: deps.statusCallbackUrl,
    });
    await markHandedOver(deps, text, { sid: sent.sid, status: sent.status });
    return "handed-over";
  } catch (err) {
    return handleSendError(deps, text, err);
  }
}

async function handleSendError(deps: DispatchDeps, text: Claimed, err: unknown): Promise<"failed" | Date> {
  const e = err as { status?: number; code?: number | string };
  const now = deps.now();
  const status = typeof e.status === "number" ? e.status : undefined;
  const code = typeof e.code === "number" ? e.code : undefined;
  const kind = classifySendError({ httpStatus: status ?? null, code: code ?? null, timedOut: status === undefined });
  const ambiguous = kind === "AMBIGUOUS";
  log.warn("twilio send failed", { messageId: text.id, status, code, attempt: text.attempts, kind, error: describeError(err) });

  if (kind === "PERMANENT") {
    await applyTwilioFailure(deps.db, { messageId: text.id, errorCode: code ?? status ?? 0, status: "failed", source: "TWILIO", now });
    return "failed";
  }
  if (text.attempts >= DISPATCH.maxAttempts) {
    if (ambiguous && (await findAtTwilio(deps, text))) return now;
    await applyTwilioFailure(deps.db, { messageId: text.id, errorCode: code ?? status ?? 0, status: "failed", source: "TWILIO", now });
    return "failed";
  }
  const retryAt = new Date(now.getTime() + (ambiguous ? DISPATCH.ambiguousRecheckMs : backoffMs(text.attempts)));
  // RETRY: never processed by Twilio, safe to send again. AMBIGUOUS: stays `sending`,
  // so the next attempt looks the text up first.
  await deps.db.execute(sql`
    update messages set status = ${ambiguous ? "sending" : "pending"}, next_attempt_at = ${ts(retryAt)}, updated_at = ${ts(now)}
    where id = ${text.id} and status = 'sending' and attempts = ${text.attempts}`);
  return retryAt;
}

/** A text this app handed to Twilio before without hearing back: same route and body, not yet claimed by another row. */
async function findAtTwilio(deps: DispatchDeps, text: Claimed): Promise<string | null> {
  const candidates = await deps.twilio.messages.list({
    to: text.to_address!,
    from: text.from_address!,
    dateSentAfter: new Date(new Date(text.created_at).getTime() - 60_000),
    limit: 50,
  });
  for (const c of candidates.filter((c) => c.body === text.body).reverse()) {
    const taken = await deps.db.execute(sql`select 1 from messages where channel = 'SMS' and provider_id = ${c.sid}`);
    if (taken.length === 0) return c.sid;
  }
  return null;
}

async function markHandedOver(deps: DispatchDeps, text: Claimed, sent: { sid: string; status: string }) {
  const now = deps.now();
  const status = sent.status === "accepted" || sent.status === "scheduled" ? "accepted" : "queued";
  // One statement: the sid and its `queued` event together, or nothing. `attempts` is this
  // claim's token: a worker that stalled past the stale-claim age and was overtaken writes
  // nothing; the new claim's look-up finds this sid and adopts it.
  const [row] = await deps.db.execute<{ recorded: number }>(sql`
    with m as (
      update messages set status = case when status = 'sending' then ${status} else status end,
        provider_id = ${sent.sid}, claimed_at = null, next_attempt_at = null, updated_at = ${ts(now)}
      where id = ${text.id} and attempts = ${text.attempts}
      returning id, institution_id
    ), e as (
      insert into message_events (institution_id, message_id, status, source, event_key, occurred_at)
      select institution_id, id, ${status}, 'TWILIO', ${`${sent.sid}:${status}`}, ${ts(now)} from m
      on conflict (event_key) where event_key is not null do nothing
    )
    select count(*)::int as recorded from m`);
  const recorded = Number(row?.recorded ?? 0) > 0;
  if (!recorded) {
    log.warn("twilio send recorded by a later claim", { messageId: text.id, sid: sent.sid, attempt: text.attempts });
    return;
  }
  // Status callbacks can overtake this record of the sid; they were parked and are applied now.
  await replayParkedCallbacks(deps.db, sent.sid, now).catch((err) =>
    log.error("parked status callbacks not replayed", { messageId: text.id, sid: sent.sid, ...describeError(err) }),
  );
}
