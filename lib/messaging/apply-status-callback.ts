import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { recordMessageEvents } from "@/db/queries/messages";
import { findParkedCallbacks, markCallbacksReplayed, parkWebhook } from "@/db/queries/webhook-receipts";
import { MESSAGE_STATUSES, type MessageStatus } from "@/db/schema/constants";
import { ts } from "@/db/queries/sql-values";
import { classifyTwilioFailure } from "@/lib/twilio/error-table";
import { canTransition } from "@/lib/twilio/status-order";
import { applyTwilioFailure } from "./apply-twilio-failure";

/** Every `MessageStatus` Twilio may post (twilio-node's MessageStatus type). */
export const TWILIO_MESSAGE_STATUSES = [
  "queued", "sending", "sent", "failed", "delivered", "undelivered", "receiving", "received",
  "accepted", "scheduled", "read", "partially_delivered", "canceled",
] as const;

/** The statuses an outbound text of ours can take from a callback; the rest never concern an SMS we sent. */
const TRACKED: ReadonlySet<string> = new Set<MessageStatus>([
  "queued", "accepted", "sending", "sent", "delivered", "undelivered", "failed", "canceled",
]);

/**
 * A status callback's form (twilio-facts §2). Other parameters are kept as they came, so a
 * callback parked for a sid we do not know yet can be replayed from what was stored.
 */
export const statusCallbackForm = z.looseObject({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, "a Twilio message sid"),
  MessageStatus: z.enum(TWILIO_MESSAGE_STATUSES),
  ErrorCode: z.string().trim().regex(/^\d{0,9}$/).optional(),
  From: z.string().optional(),
});
export type StatusCallback = z.infer<typeof statusCallbackForm>;

export type StatusCallbackResult =
  /** The message moved to the callback's status. */
  | { outcome: "applied"; messageId: number }
  /** A failure: SPEC §5's table was applied (reason, phone records, email fallback). */
  | { outcome: "failed"; messageId: number; reasonCode: string; emailMessageId: number | null }
  /** Late, out of order or after a final status: kept as an event, the message unchanged. */
  | { outcome: "recorded"; messageId: number }
  /** This sid and status were handled before. */
  | { outcome: "duplicate"; messageId: number }
  /** No text of ours has this sid (yet): kept in webhook_receipts, replayed once the sid is recorded. */
  | { outcome: "parked" }
  /** A status no SMS of ours goes through (`read`, `receiving`, ...). */
  | { outcome: "ignored" };

type Ctx = { db: Db; now: Date };

/**
 * SPEC §5, status callbacks: statuses only move forward (`canTransition`), so a late `sent`
 * never overwrites `delivered`; every callback is still recorded as a message event, once per
 * `<sid>:<status>` (message_events.event_key is unique), so a retried delivery changes nothing
 * twice. `failed`/`undelivered` go through `applyTwilioFailure` (the failure table, email
 * fallback exactly once). `sent` and `delivered` stamp sent_at / delivered_at.
 *
 * A callback can overtake the dispatcher, which records the sid only after Twilio answered the
 * send. Such a callback is parked in webhook_receipts (kind `status-unknown`, key
 * `<sid>:<status>`, with its form) and answered 200; `replayParkedCallbacks` applies it when
 * the dispatcher records the sid, and this function replays at once if the sid was recorded
 * while the callback was being parked. A sid we never sent stays parked.
 */
export async function applyStatusCallback(ctx: Ctx, callback: StatusCallback): Promise<StatusCallbackResult> {
  const result = await applyOnce(ctx, callback);
  if (result.outcome === "parked" && (await hasOutboundText(ctx.db, callback.MessageSid))) {
    await replayParkedCallbacks(ctx.db, callback.MessageSid, ctx.now);
  }
  return result;
}

/**
 * Applies the callbacks parked for `sids` (see applyStatusCallback), for each sid in the order
 * they arrived; called by the dispatcher right after it records sids, with one look-up for all
 * of them. Each is applied at most once. Returns how many were applied.
 */
export async function replayParkedCallbacks(db: Db, sids: string | readonly string[], now: Date): Promise<number> {
  const parked = await findParkedCallbacks(db, { sids: typeof sids === "string" ? [sids] : sids, statuses: TWILIO_MESSAGE_STATUSES });
  const bySid = new Map<string, typeof parked>();
  for (const receipt of parked) bySid.set(receipt.sid, [...(bySid.get(receipt.sid) ?? []), receipt]);
  let replayed = 0;
  for (const receipts of bySid.values()) {
    for (const receipt of receipts) {
      const parsed = statusCallbackForm.safeParse(receipt.payload);
      if (parsed.success && (await applyOnce({ db, now }, parsed.data)).outcome === "parked") break;
      await markCallbacksReplayed(db, [receipt.id]);
      replayed++;
    }
  }
  return replayed;
}

async function applyOnce(ctx: Ctx, callback: StatusCallback): Promise<StatusCallbackResult> {
  const sid = callback.MessageSid;
  const status = callback.MessageStatus;
  if (!TRACKED.has(status)) return { outcome: "ignored" };
  const to = status as MessageStatus;
  const eventKey = `${sid}:${status}`;
  const errorCode = callback.ErrorCode ? Number(callback.ErrorCode) : null;
  const isFailure = to === "failed" || to === "undelivered";

  if (!isFailure) return applyProgress(ctx, callback, { to, eventKey, errorCode });

  const step = await ctx.db.transaction(async (tx) => {
    // The row lock orders concurrent callbacks for one text; each then sees the others' events.
    const [text] = await tx.execute<{ id: number; institution_id: string; status: MessageStatus }>(sql`
      select id, institution_id, status from messages
      where channel = 'SMS' and direction = 'OUTBOUND' and provider_id = ${sid}
      for update`);
    if (!text) {
      await parkWebhook(tx, { kind: "status-unknown", idempotencyKey: eventKey, systemNumber: callback.From ?? null, payload: callback });
      return { outcome: "parked" } as const;
    }
    const messageId = Number(text.id);
    const seen = await tx.execute(sql`select 1 from message_events where event_key = ${eventKey}`);
    if (seen.length > 0) return { outcome: "duplicate", messageId } as const;

    const moves = canTransition(text.status, to);
    // A failure that moves the text is recorded by applyTwilioFailure, with its effects, in one transaction.
    if (moves && isFailure) return { outcome: "fail", messageId } as const;
    if (moves) {
      await tx.execute(sql`
        update messages set status = ${to}, updated_at = ${ts(ctx.now)},
          sent_at = case when ${to} in ('sent', 'delivered') then coalesce(sent_at, ${ts(ctx.now)}) else sent_at end,
          delivered_at = case when ${to} = 'delivered' then ${ts(ctx.now)} else delivered_at end
        where id = ${messageId}`);
    }
    await recordMessageEvents(tx, [
      {
        institutionId: text.institution_id,
        messageId,
        status: to,
        source: "TWILIO",
        errorCode,
        reasonCode: isFailure ? classifyTwilioFailure(errorCode).reasonCode : null,
        eventKey,
        detail: moves ? null : { applied: false, messageStatus: text.status },
        occurredAt: ctx.now,
      },
    ]);
    return { outcome: moves ? "applied" : "recorded", messageId } as const;
  });

  if (step.outcome !== "fail") return step;
  // A concurrent repeat of this callback may get here too: applyTwilioFailure locks the text,
  // its event key and the unique fallback index make the repeat record and send nothing, and
  // phone records already disabled get no second history row.
  const applied = await applyTwilioFailure(ctx.db, {
    messageId: step.messageId,
    errorCode: errorCode ?? 0,
    status: to as "failed" | "undelivered",
    source: "TWILIO",
    eventKey,
    now: ctx.now,
  });
  return { outcome: "failed", messageId: step.messageId, reasonCode: applied.reasonCode, emailMessageId: applied.emailMessageId };
}

/**
 * For each status, the statuses a text may move to it from (`canTransition`), as an SQL list of
 * literals (our own constants): part of the statement's text, so the statement of each status
 * stays one prepared statement.
 */
const MOVES_TO = new Map(
  MESSAGE_STATUSES.map((to) => {
    const from = MESSAGE_STATUSES.filter((s) => canTransition(s, to));
    return [to, sql.raw(from.length > 0 ? from.map((s) => `'${s}'`).join(", ") : "null")] as const;
  }),
);

/**
 * A callback that is not a failure, in one statement (one round trip, atomic on its own): lock
 * the text by its sid, record the event unless its key was recorded before (a duplicate changes
 * nothing), and move the status forward only when that event is new and the step allowed.
 * Concurrent callbacks for one text queue on the row lock, as in the transaction they replace.
 */
async function applyProgress(
  ctx: Ctx,
  callback: StatusCallback,
  c: { to: MessageStatus; eventKey: string; errorCode: number | null },
): Promise<StatusCallbackResult> {
  const allowed = MOVES_TO.get(c.to)!;
  const [row] = await ctx.db.execute<{ id: number; recorded: number; moved: number }>(sql`
    with t as (
      select id, institution_id, status from messages
      where channel = 'SMS' and direction = 'OUTBOUND' and provider_id = ${callback.MessageSid}
      for update
    ), ev as (
      insert into message_events (institution_id, message_id, status, source, error_code, reason_code, event_key, detail, occurred_at)
      select t.institution_id, t.id, ${c.to}, 'TWILIO', ${c.errorCode}::int, null, ${c.eventKey},
        case when t.status in (${allowed}) then null
          else jsonb_build_object('applied', false, 'messageStatus', t.status) end,
        ${ts(ctx.now)}
      from t
      on conflict (event_key) where event_key is not null do nothing
      returning message_id
    ), moved as (
      update messages m set status = ${c.to}, updated_at = ${ts(ctx.now)},
        sent_at = case when ${c.to} in ('sent', 'delivered') then coalesce(m.sent_at, ${ts(ctx.now)}) else m.sent_at end,
        delivered_at = case when ${c.to} = 'delivered' then ${ts(ctx.now)} else m.delivered_at end
      from t join ev on ev.message_id = t.id
      where m.id = t.id and t.status in (${allowed})
      returning m.id
    )
    select t.id, (select count(*) from ev)::int as recorded, (select count(*) from moved)::int as moved from t`);
  if (!row) {
    await parkWebhook(ctx.db, { kind: "status-unknown", idempotencyKey: c.eventKey, systemNumber: callback.From ?? null, payload: callback });
    return { outcome: "parked" };
  }
  const messageId = Number(row.id);
  if (Number(row.recorded) === 0) return { outcome: "duplicate", messageId };
  return { outcome: Number(row.moved) > 0 ? "applied" : "recorded", messageId };
}

async function hasOutboundText(db: Db, sid: string): Promise<boolean> {
  const rows = await db.execute(sql`
    select 1 from messages where channel = 'SMS' and direction = 'OUTBOUND' and provider_id = ${sid}`);
  return rows.length > 0;
}
