import "server-only";
import type { DbOrTx } from "@/db";
import { notifySendChanged } from "@/db/queries/live-events";
import { countSendResult, pauseSendForFiltering } from "@/db/queries/send-pause";
import { enqueueSendPausedNotice } from "@/lib/jobs/enqueue";
import { log } from "@/lib/log";

/*
 * Issue 18, health: "when, within a running send, Twilio's filtering or unreachable errors
 * (30007, 30003, 30005, 30006) or opt-outs exceed 2 % of its first 200 results, the send pauses,
 * and the sender and administrators are told; they resume or cancel it."
 *
 * The rule as built:
 * - A send's **results** are, in the order they are recorded: each of its texts reaching a final
 *   status for the first time (delivered, undelivered or failed — a refused send request
 *   included; a text that expired in Twilio's queue and is held again is not a result), and
 *   each opt-out of one of its recipients (an opt-out keyword that disabled at least one phone
 *   record: a repeated STOP changes nothing and is not counted again), attributed to the send
 *   whose text that number last received from that system number, while the send is running.
 * - Its **first results** are the first FILTER_WINDOW (200) of them; later ones are not counted.
 * - **Flagged** results are texts failed with 30003, 30005, 30006 or 30007, and the opt-outs.
 * - The send pauses as soon as more than 2 % of 200 — FLAGGED_LIMIT, 4 — of its first results
 *   are flagged: at the 5th flagged result, whether or not 200 results have arrived yet (a small
 *   send whose first five results are failures pauses at once; "exactly 4 of 200" never does).
 * - Only a running send pauses (it is still writing its rows, or some text or email of it has no
 *   final status): one already over has nothing left to hold.
 * - A send pauses at most once. After a resume the check is off for it: whoever resumed has seen
 *   the figures and decided; the counts go on to the 200th result for the Sends page.
 *
 * The count is one conditional UPDATE of the send's row, in the transaction that records the
 * result, and only while fewer than 200 results are counted: no scan per callback, and
 * concurrent results queue on the row lock, so the 5th flagged result is seen once and the send
 * is paused once, with its notice job queued in that same transaction.
 */

/** How many of a send's first results are checked. */
export const FILTER_WINDOW = 200;
/** The share of the first results that may be flagged: 2 %. */
export const FILTER_MAX_SHARE = 0.02;
/** Flagged results allowed among the first FILTER_WINDOW: one more pauses the send. */
export const FLAGGED_LIMIT = Math.floor(FILTER_WINDOW * FILTER_MAX_SHARE);

/** Twilio's filtering and unreachable errors (issue 18): 30003 unreachable, 30005 unknown handset, 30006 landline or unreachable carrier, 30007 filtered. */
export const FILTERING_ERROR_CODES: ReadonlySet<number> = new Set([30003, 30005, 30006, 30007]);

/** Whether a failure's Twilio error code is one of the filtering or unreachable errors. */
export function isFilteringError(errorCode: number | null | undefined): boolean {
  return errorCode !== null && errorCode !== undefined && FILTERING_ERROR_CODES.has(errorCode);
}

/** Whether this many flagged results among the first FILTER_WINDOW exceed 2 %. */
export function exceedsFilteringLimit(flagged: number): boolean {
  return flagged > FLAGGED_LIMIT;
}

export type SendResult =
  | { kind: "failed"; errorCode: number | null }
  | { kind: "opted-out" };

/**
 * Counts one result of a send (see above) in the caller's transaction `tx`, and pauses the send
 * when it tips the check, queuing the notice to the sender and the administrators in `tx` too.
 * Delivered texts are counted by the status-callback statement itself
 * (db/queries/message-lifecycle.ts applyCallbackProgress). Returns whether this result paused it.
 */
export async function recordSendResult(
  tx: DbOrTx,
  p: { institutionId: string; batchId: string; result: SendResult; now: Date },
): Promise<boolean> {
  const optedOut = p.result.kind === "opted-out";
  const filtered = p.result.kind === "failed" && isFilteringError(p.result.errorCode);
  const counted = await countSendResult(tx, {
    institutionId: p.institutionId,
    batchId: p.batchId,
    filtered,
    optedOut,
    window: FILTER_WINDOW,
    // A text's final status is always its send's; an opt-out counts only while the send runs.
    onlyWhileRunning: optedOut,
  });
  if (!counted || !(filtered || optedOut) || !counted.armed || !exceedsFilteringLimit(counted.flagged)) return false;
  const paused = await pauseSendForFiltering(tx, { institutionId: p.institutionId, batchId: p.batchId, now: p.now });
  if (!paused) return false;
  await notifySendChanged(tx, { institutionId: p.institutionId, batchId: p.batchId });
  await enqueueSendPausedNotice({ institutionId: p.institutionId, batchId: p.batchId }, tx);
  log.warn("send paused for carrier filtering", { batchId: p.batchId, institutionId: p.institutionId, flagged: counted.flagged });
  return true;
}
