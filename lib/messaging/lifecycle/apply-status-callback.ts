import "server-only";
import { z } from "zod";
import {
  applyCallbackProgress,
  isEventRecorded,
  lockCallbackText,
  setMessageProviderId,
  type CallbackTextRef,
} from "@/db/queries/message-lifecycle";
import { notifyMessagesChangedSoon } from "@/lib/live/notify-soon";
import { recordMessageEvents, type ProviderEventSource } from "@/db/queries/messages";
import { MESSAGE_STATUSES, type MessageStatus } from "@/db/schema/constants";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import { classifyTwilioFailure } from "@/lib/twilio/error-table";
import { canTransition } from "@/lib/twilio/status-order";
import { FILTER_WINDOW } from "@/lib/messaging/send/carrier-filtering";
import { applyTwilioFailure } from "./apply-twilio-failure";
import { holdExpiredText, VALIDITY_EXPIRED } from "./hold-expired-text";

/** Every `MessageStatus` Twilio may post (twilio-node's MessageStatus type). */
export const TWILIO_MESSAGE_STATUSES = [
  "queued", "sending", "sent", "failed", "delivered", "undelivered", "receiving", "received",
  "accepted", "scheduled", "read", "partially_delivered", "canceled",
] as const;

/** The statuses an outbound text of ours can take from a callback; the rest never concern an SMS we sent. */
const TRACKED: ReadonlySet<string> = new Set<MessageStatus>([
  "queued", "accepted", "sending", "sent", "delivered", "undelivered", "failed", "canceled",
]);

/** A status callback's form (twilio-facts §2); parameters not named here are kept as they came. */
export const statusCallbackForm = z.looseObject({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, "a Twilio message sid"),
  MessageStatus: z.enum(TWILIO_MESSAGE_STATUSES),
  ErrorCode: z.string().trim().regex(/^\d{0,9}$/).optional(),
  AccountSid: z.string().optional(),
  From: z.string().optional(),
  To: z.string().optional(),
});
export type StatusCallback = z.infer<typeof statusCallbackForm>;

/**
 * The query of the status-callback URL the dispatcher gives Twilio with each text:
 * `?m=<message id>&a=<attempt>` (lib/messaging/dispatch/dispatch-sms.ts `statusCallbackFor`). Twilio's
 * signature covers it, so it is as trustworthy as the form.
 */
export const statusCallbackQuery = z.object({
  m: z.coerce.number().int().positive(),
  a: z.coerce.number().int().positive(),
});

/** Which text a callback is for, from its URL: the message id and the claim (attempt) that sent it. */
export type CallbackTarget = {
  messageId: number;
  attempt: number;
  /** Our Twilio account; a callback naming another is not ours. */
  accountSid: string;
};

export type StatusCallbackResult =
  /** The message moved to the callback's status. */
  | { outcome: "applied"; messageId: number }
  /** A failure: SPEC §5's table was applied (reason, phone records, email fallback). */
  | { outcome: "failed"; messageId: number; reasonCode: string; emailMessageId: number | null }
  /** Expired in Twilio's queue (30036): held for the recipient's next window (SPEC §9), not failed. */
  | { outcome: "held"; messageId: number; heldUntil: Date }
  /** Late, out of order or after a final status: kept as an event, the message unchanged. */
  | { outcome: "recorded"; messageId: number }
  /** This sid and status were handled before. */
  | { outcome: "duplicate"; messageId: number }
  /**
   * Nothing of ours matches: no outbound text has this sid (a URL without `m=`), or the text
   * the URL names does not match the callback (another sid, account or route, or an older
   * attempt's send while a newer claim holds the text). Nothing is written.
   */
  | { outcome: "unmatched" }
  /** A status no SMS of ours goes through (`read`, `receiving`, ...). */
  | { outcome: "ignored" };

type Ctx = ServiceContext<ProviderActor>;

export type ApplyOptions = {
  /** From the callback URL's `m=`/`a=`; absent for URLs without them (texts handed over before they existed). */
  target?: CallbackTarget | null;
  /** Who reported the status: Twilio's callback, or the worker's look-up (lib/messaging/lifecycle/reconcile-statuses.ts). */
  source?: ProviderEventSource;
};

/**
 * SPEC §5, status callbacks: statuses only move forward (`canTransition`), so a late `sent`
 * never overwrites `delivered`; every callback is still recorded as a message event, once per
 * `<sid>:<status>` (message_events.event_key is unique), so a retried delivery changes nothing
 * twice. `failed`/`undelivered` go through `applyTwilioFailure` (the failure table, email
 * fallback exactly once). `sent` and `delivered` stamp sent_at / delivered_at.
 *
 * Finding the text: with a target (the URL's `m=`/`a=`) the text is the message of that id —
 * so a callback that overtakes the dispatcher's record of the sid is applied at once, and
 * records the sid itself — provided the callback agrees with it: same account, same From and
 * To, and either the sid recorded on it or, while none is, the attempt of the claim that holds
 * it (each claim sends at most once, so that attempt's sid can be no other send). A callback for
 * an older attempt while a newer claim holds the text is not applied: the newer claim looks the
 * text up at Twilio before sending again and adopts that sid if it finds it, and reconciliation
 * then brings its status up to date. Without a target the text is found by its sid, as before
 * the URL carried the id. A status reconciliation found goes through this same function.
 */
export async function applyStatusCallback(ctx: Ctx, callback: StatusCallback, options: ApplyOptions = {}): Promise<StatusCallbackResult> {
  const result = await applyCallback(ctx, callback, options);
  // Issue 18: the conversation and its send show the new status within 0.1 s, announced with the
  // other callbacks of that moment (one statement for all of them, not one per callback).
  notifyMessagesChangedSoon(ctx.db, changedMessages(result));
  return result;
}

/** The messages a callback changed: the text when its status moved, and the email sent in its place. */
function changedMessages(result: StatusCallbackResult): number[] {
  switch (result.outcome) {
    case "applied":
    case "held":
      return [result.messageId];
    case "failed":
      return result.emailMessageId === null ? [result.messageId] : [result.messageId, result.emailMessageId];
    default:
      return [];
  }
}

async function applyCallback(ctx: Ctx, callback: StatusCallback, options: ApplyOptions): Promise<StatusCallbackResult> {
  const sid = callback.MessageSid;
  const status = callback.MessageStatus;
  if (!TRACKED.has(status)) return { outcome: "ignored" };
  const target = options.target ?? null;
  if (target && callback.AccountSid !== target.accountSid) return { outcome: "unmatched" };
  const source = options.source ?? "TWILIO";
  const to = status as MessageStatus;
  const eventKey = `${sid}:${status}`;
  const errorCode = callback.ErrorCode ? Number(callback.ErrorCode) : null;
  const isFailure = to === "failed" || to === "undelivered";
  const where = textOf(callback, target);

  if (!isFailure) return applyProgress(ctx, { where, source }, { to, eventKey, errorCode });

  const step = await ctx.db.transaction(async (tx) => {
    // The row lock orders concurrent callbacks for one text; each then sees the others' events.
    const text = await lockCallbackText(tx, where);
    if (!text) return { outcome: "unmatched" } as const;
    const messageId = text.id;
    if (await isEventRecorded(tx, eventKey)) return { outcome: "duplicate", messageId } as const;
    if (text.provider_id === null) await setMessageProviderId(tx, { messageId, sid });

    const moves = canTransition(text.status, to);
    // A failure that moves the text is recorded by applyTwilioFailure, with its effects, in one transaction.
    if (moves) return { outcome: "fail", messageId } as const;
    await recordMessageEvents(tx, [
      {
        institutionId: text.institution_id,
        messageId,
        status: to,
        source,
        errorCode,
        reasonCode: classifyTwilioFailure(errorCode).reasonCode,
        eventKey,
        detail: { applied: false, messageStatus: text.status },
        occurredAt: ctx.now,
      },
    ]);
    return { outcome: "recorded", messageId } as const;
  });

  if (step.outcome !== "fail") return step;
  if (errorCode === VALIDITY_EXPIRED && to === "failed") {
    // Never the failure table: a repeat of this callback that finds the text already held changes nothing.
    const heldUntil = await holdExpiredText(ctx, { messageId: step.messageId, sid, eventKey, source });
    return heldUntil ? { outcome: "held", messageId: step.messageId, heldUntil } : { outcome: "duplicate", messageId: step.messageId };
  }
  // A concurrent repeat of this callback may get here too: applyTwilioFailure locks the text,
  // its event key and the unique fallback index make the repeat record and send nothing, and
  // phone records already disabled get no second history row.
  const applied = await applyTwilioFailure(ctx.db, {
    messageId: step.messageId,
    errorCode: errorCode ?? 0,
    status: to as "failed" | "undelivered",
    source,
    eventKey,
    now: ctx.now,
  });
  return { outcome: "failed", messageId: step.messageId, reasonCode: applied.reasonCode, emailMessageId: applied.emailMessageId };
}

/** Which text the callback names (see applyStatusCallback): by the URL's message id, or by sid. */
function textOf(callback: StatusCallback, target: CallbackTarget | null): CallbackTextRef {
  return {
    sid: callback.MessageSid,
    target: target && { messageId: target.messageId, attempt: target.attempt, to: callback.To ?? null, from: callback.From ?? null },
  };
}

/** For each status, the statuses a text may move to it from (`canTransition`). */
const MOVES_TO = new Map(MESSAGE_STATUSES.map((to) => [to, MESSAGE_STATUSES.filter((s) => canTransition(s, to))] as const));

/**
 * A callback that is not a failure, in one statement (one round trip, atomic on its own): lock
 * the text, record the event unless its key was recorded before (a duplicate changes nothing),
 * and move the status forward only when that event is new and the step allowed; the sid is
 * recorded when the text has none yet (a callback that overtook the dispatcher). Concurrent
 * callbacks for one text queue on the row lock.
 */
async function applyProgress(
  ctx: Ctx,
  text: { where: CallbackTextRef; source: ProviderEventSource },
  c: { to: MessageStatus; eventKey: string; errorCode: number | null },
): Promise<StatusCallbackResult> {
  const row = await applyCallbackProgress(ctx.db, {
    text: text.where,
    source: text.source,
    to: c.to,
    allowedFrom: MOVES_TO.get(c.to)!,
    eventKey: c.eventKey,
    errorCode: c.errorCode,
    resultWindow: FILTER_WINDOW,
    now: ctx.now,
  });
  if (!row) return { outcome: "unmatched" };
  if (!row.recorded) return { outcome: "duplicate", messageId: row.messageId };
  return { outcome: row.moved ? "applied" : "recorded", messageId: row.messageId };
}
