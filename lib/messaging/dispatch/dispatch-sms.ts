import "server-only";
import pMap from "p-map";
import type twilio from "twilio";
import {
  claimDueTexts,
  isSidHeldByAnotherText,
  postponeText,
  postponeTextLookUp,
  recordTextsHandedOver,
  type ClaimedText,
} from "@/db/queries/sms-dispatch";
import { holdClaimedTexts } from "@/db/queries/quiet-hours";
import { notifyMessagesChanged } from "@/db/queries/live-events";
import { getEnv } from "@/lib/env";
import { describeError, log } from "@/lib/log";
import { classifySendError } from "@/lib/twilio/error-table";
import { applyTwilioFailure } from "@/lib/messaging/lifecycle/apply-twilio-failure";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import { DISPATCH, backoffMs } from "./dispatch-policy";
import { gateTexts, type GateDecision } from "./quiet-hours-gate";

/** The edge a dispatch talks to: the Twilio client (real, simulated, or a test's faulty one). */
export type TwilioEdge = {
  twilio: twilio.Twilio;
  /** `<PUBLIC_BASE_URL>/api/twilio/status` */
  statusCallbackUrl: string;
};

/**
 * One dispatch job: the worker's context (its `now` is the job's clock), the Twilio edge, and the
 * segments per second one sending number gets out of Twilio's queue (default
 * TWILIO_SEGMENTS_PER_SECOND_PER_NUMBER).
 */
type DispatchDeps = TwilioEdge & { ctx: ServiceContext<ProviderActor>; segmentsPerSecond?: number };

/** `retryAt`: when each text postponed or held goes again (the worker queues its job for then); `held`: texts held for quiet hours. */
export type DispatchOutcome = { handedOver: number; failed: number; held: number; retryAt: Map<number, Date> };

/**
 * Claims the given texts that are due and hands each to Twilio once (SPEC §5). A text whose
 * previous attempt ended without a clear answer is looked up at Twilio before it is sent again.
 */
export async function dispatchSms(deps: DispatchDeps & { messageIds: readonly number[] }): Promise<DispatchOutcome> {
  const { ctx, messageIds } = deps;
  const outcome: DispatchOutcome = { handedOver: 0, failed: 0, held: 0, retryAt: new Map() };
  if (messageIds.length === 0) return outcome;
  const claimedNow = await claimDueTexts(ctx.db, { messageIds, now: ctx.now, staleBefore: new Date(ctx.now.getTime() - DISPATCH.staleClaimMs) });

  // SPEC §9: decided just before the hand-over. A text that may already be at Twilio (its last
  // answer was unclear) is looked up first and held only if Twilio does not have it.
  const gate = await gateTexts(ctx, claimedNow, { segmentsPerSecond: deps.segmentsPerSecond ?? getEnv().TWILIO_SEGMENTS_PER_SECOND_PER_NUMBER });
  const holdNow = claimedNow.filter((t) => t.prev_status !== "sending" && gate.get(t.id)?.kind === "hold");
  try {
    await hold(deps, holdNow, gate, outcome);
    const claimed = claimedNow.filter((t) => !holdNow.includes(t));

    const record = handOverRecorder(deps);
    // Every text is handed over even when another's record fails, and the job ends only when all
    // have: a worker taking its next job never leaves hand-overs running behind it.
    await pMap(
      claimed,
      async (text) => {
        const result = await handOver(deps, record, text, gate.get(text.id) ?? { kind: "go", validityPeriod: null }, outcome);
        if (result === "handed-over") outcome.handedOver++;
        else if (result === "failed") outcome.failed++;
        else if (result !== "held") outcome.retryAt.set(text.id, result);
      },
      { concurrency: DISPATCH.concurrency, stopOnError: false },
    );
  } finally {
    // Issue 18: one live event per job (not per text) for its conversations and sends, whatever became of each text.
    await notifyMessagesChanged(ctx.db, { messageIds: claimedNow.map((t) => t.id) });
  }
  return outcome;
}

/**
 * The status-callback URL of one claim of a text: `<base>?m=<message id>&a=<attempt>`, so its
 * callbacks find the text by id even before the sid is recorded, and a callback of an older
 * attempt's send is told apart (lib/messaging/lifecycle/apply-status-callback.ts). Twilio signs the URL
 * with its query.
 */
export function statusCallbackFor(baseUrl: string, text: { id: number; attempts: number }): string {
  return `${baseUrl}?m=${text.id}&a=${text.attempts}`;
}

/** Claimed texts held for quiet hours (SPEC §9); each goes again at its window's start. */
async function hold(deps: DispatchDeps, texts: readonly ClaimedText[], gate: Map<number, GateDecision>, outcome: DispatchOutcome) {
  const holds = texts.flatMap((t) => {
    const d = gate.get(t.id);
    return d?.kind === "hold" ? [{ id: t.id, attempts: t.attempts, heldUntil: d.until, timeZone: d.timeZone }] : [];
  });
  const held = await holdClaimedTexts(deps.ctx.db, { holds, now: deps.ctx.now });
  for (const h of holds) {
    if (!held.has(h.id)) continue;
    outcome.held++;
    outcome.retryAt.set(h.id, h.heldUntil);
  }
  if (held.size > 0) log.info("texts held for quiet hours", { count: held.size });
}

async function handOver(
  deps: DispatchDeps,
  record: RecordHandOver,
  text: ClaimedText,
  gate: GateDecision,
  outcome: DispatchOutcome,
): Promise<"handed-over" | "failed" | "held" | Date> {
  if (text.prev_status === "sending") {
    let sid: string | null;
    try {
      sid = await findAtTwilio(deps, text);
    } catch (err) {
      // Without an answer to "was it sent?" nothing may be sent: look again a little later.
      return lookUpLater(deps, text, err);
    }
    if (sid) {
      await record(text, { sid, status: "queued" });
      return "handed-over";
    }
  }
  if (gate.kind === "hold") {
    await hold(deps, [text], new Map([[text.id, gate]]), outcome);
    return "held";
  }
  try {
    const sent = await deps.twilio.messages.create({
      to: text.to_address!,
      from: text.from_address!,
      body: text.body,
      statusCallback: statusCallbackFor(deps.statusCallbackUrl, text),
      // SPEC §9: what Twilio still holds when the recipient's window closes expires (30036) and is held again.
      ...(gate.validityPeriod !== null ? { validityPeriod: gate.validityPeriod } : {}),
    });
    await record(text, { sid: sent.sid, status: sent.status });
    return "handed-over";
  } catch (err) {
    return handleSendError(deps, text, err);
  }
}

async function handleSendError(deps: DispatchDeps, text: ClaimedText, err: unknown): Promise<"failed" | Date> {
  const e = err as { status?: number; code?: number | string };
  const { db, now } = deps.ctx;
  const status = typeof e.status === "number" ? e.status : undefined;
  const code = typeof e.code === "number" ? e.code : undefined;
  const kind = classifySendError({ httpStatus: status ?? null, code: code ?? null, timedOut: status === undefined });
  const ambiguous = kind === "AMBIGUOUS";
  log.warn("twilio send failed", { messageId: text.id, status, code, attempt: text.attempts, kind, error: describeError(err) });

  if (kind === "PERMANENT") {
    await applyTwilioFailure(db, { messageId: text.id, errorCode: code ?? status ?? 0, status: "failed", source: "TWILIO", now });
    return "failed";
  }
  if (text.attempts >= DISPATCH.maxAttempts) {
    if (ambiguous && (await findAtTwilio(deps, text))) return now;
    await applyTwilioFailure(db, { messageId: text.id, errorCode: code ?? status ?? 0, status: "failed", source: "TWILIO", now });
    return "failed";
  }
  const retryAt = new Date(now.getTime() + (ambiguous ? DISPATCH.ambiguousRecheckMs : backoffMs(text.attempts)));
  // RETRY: never processed by Twilio, safe to send again. AMBIGUOUS: stays `sending`,
  // so the next attempt looks the text up first.
  await postponeText(db, { messageId: text.id, attempts: text.attempts, status: ambiguous ? "sending" : "pending", retryAt, now });
  return retryAt;
}

async function lookUpLater(deps: DispatchDeps, text: ClaimedText, err: unknown): Promise<Date> {
  const { db, now } = deps.ctx;
  const retryAt = new Date(now.getTime() + DISPATCH.ambiguousRecheckMs);
  log.warn("twilio look-up failed", { messageId: text.id, attempt: text.attempts, error: describeError(err) });
  await postponeTextLookUp(db, { messageId: text.id, attempts: text.attempts, retryAt, now });
  return retryAt;
}

/** A text this app handed to Twilio before without hearing back: same route and body, not yet held by another row. */
async function findAtTwilio(deps: DispatchDeps, text: ClaimedText): Promise<string | null> {
  const candidates = await deps.twilio.messages.list({
    to: text.to_address!,
    from: text.from_address!,
    dateSentAfter: new Date(new Date(text.created_at).getTime() - 60_000),
    limit: 50,
  });
  // A send that expired in Twilio's queue (30036) is not this attempt's: it was held and goes again.
  for (const c of candidates.filter((c) => c.body === text.body && c.errorCode !== 30036).reverse()) {
    // A sid this text already holds is its own (a status callback recorded it while its worker died).
    if (!(await isSidHeldByAnotherText(deps.ctx.db, { sid: c.sid, messageId: text.id }))) return c.sid;
  }
  return null;
}

type HandOver = { text: ClaimedText; sid: string; status: "queued" | "accepted" };
type RecordHandOver = (text: ClaimedText, sent: { sid: string; status: string }) => Promise<void>;

/**
 * Records texts Twilio took, group-commit style: the first is written at once, those handed
 * over meanwhile are written together by the next statement, so a busy worker records many
 * texts per round trip. Each caller still waits for its own record.
 */
function handOverRecorder(deps: DispatchDeps): RecordHandOver {
  let waiting: { item: HandOver; done: (err?: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await recordHandedOver(deps, batch.map((w) => w.item));
        for (const w of batch) w.done();
      } catch (err) {
        // One text's trouble (a lock timeout, a deadlock with another worker) must not fail the
        // others: each is recorded on its own, and only its own failure reaches its caller.
        if (batch.length === 1) batch[0].done(err);
        else {
          log.warn("twilio sends recorded one by one", { count: batch.length, ...describeError(err) });
          for (const w of batch) await recordHandedOver(deps, [w.item]).then(() => w.done(), (e) => w.done(e));
        }
      }
    }
    writing = false;
  };
  return (text, sent) =>
    new Promise<void>((resolve, reject) => {
      const status = sent.status === "accepted" || sent.status === "scheduled" ? "accepted" : "queued";
      waiting.push({ item: { text, sid: sent.sid, status }, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!writing) void drain();
    });
}

/** Records texts Twilio took in one statement (see recordTextsHandedOver); a text a later claim overtook is only logged. */
async function recordHandedOver(deps: DispatchDeps, items: HandOver[]) {
  const done = await recordTextsHandedOver(deps.ctx.db, {
    items: items.map((i) => ({ id: i.text.id, attempts: i.text.attempts, sid: i.sid, status: i.status })),
    now: deps.ctx.now,
  });
  for (const i of items) {
    if (!done.has(i.text.id)) log.warn("twilio send recorded by a later claim", { messageId: i.text.id, sid: i.sid, attempt: i.text.attempts });
  }
}
