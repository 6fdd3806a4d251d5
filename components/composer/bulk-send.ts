import { liveEventMatches } from "@/components/live/live-match";
import { waitForLiveChange } from "@/components/live/live-events";
import type { SendProgress } from "@/lib/messaging/send/get-send-progress";
import type { ComposerSendInput } from "@/lib/messaging/send/audience-schema";
import type { ComposerActions, SendStarted } from "./types";

/** Stop following a send whose hand-over count has not moved for this long (the worker may be down). */
export const STALL_MS = 30_000;

export type SendTotals = {
  /** Recipients asked for (distinct ids); 0 until the server has answered. */
  requested: number;
  /** Messages stored (one per known recipient). */
  stored: number;
  decisions: SendStarted["summary"];
  unknown: number;
  refused: string | null;
  monthly: SendStarted["monthly"] | null;
  /** What the worker has done with them, from the stored statuses. */
  progress: SendProgress | null;
  /** The one send stored: the results and the Message Report are filtered to it. */
  batchId: string | null;
};

export type BulkSendDeps = {
  actions: Pick<ComposerActions, "send" | "progress">;
  /** Told the totals so far after each step (the same object, updated in place). */
  onProgress: (totals: SendTotals) => void;
  /** False once nobody is watching (the composer closed): stop following the send. */
  isAlive: () => boolean;
  /**
   * The clock, and the wait until the send may have moved on: a live event about it (issue 18:
   * Server-Sent Events, no polling) or at most `maxMs`. The browser's unless a test gives its own.
   */
  now?: () => number;
  waitForChange?: (batchId: string, maxMs: number) => Promise<void>;
};

export type BulkSendOutcome = { totals: SendTotals; stalled: boolean; error: string | null };

const waitForSendEvent = (batchId: string, maxMs: number) => waitForLiveChange((e) => liveEventMatches({ kind: "sends", batchIds: [batchId] }, e), maxMs);

/**
 * Send from the composer, without React (use-bulk-send.ts holds the state). SPEC §9: the whole
 * audience goes to the server in ONE call (`send`), which stores one send and hands it to the
 * worker; from then on the send no longer depends on this page. Then its stored statuses are
 * read again by its id each time a live event says it moved on, until every message — fallback
 * emails included — is handed to Twilio or the email provider, nobody watches any more, or the
 * count has not moved for STALL_MS (`stalled`).
 */
export async function runBulkSend(deps: BulkSendDeps, request: ComposerSendInput): Promise<BulkSendOutcome> {
  const { actions, onProgress, isAlive } = deps;
  const now = deps.now ?? Date.now;
  const waitForChange = deps.waitForChange ?? waitForSendEvent;
  const totals: SendTotals = {
    requested: 0,
    stored: 0,
    decisions: { texts: 0, emails: 0, undeliverable: 0, refused: 0 },
    unknown: 0,
    refused: null,
    monthly: null,
    progress: null,
    batchId: null,
  };
  const outcome = (stalled: boolean, error: string | null): BulkSendOutcome => ({ totals, stalled, error });
  onProgress(totals);

  const result = await actions.send(request);
  if (!result.ok) return outcome(false, result.fieldErrors.body ?? result.fieldErrors["audience.recipientIds"] ?? result.error);
  const r = result.data;
  Object.assign(totals, {
    requested: r.recipients,
    stored: r.refused ? 0 : r.recipients - r.unknown,
    unknown: r.unknown,
    decisions: { ...r.summary },
    monthly: r.monthly,
    refused: r.refused,
    batchId: r.batchId,
  });
  onProgress(totals);
  const batchId = r.batchId;
  if (r.refused || !batchId) return outcome(false, null);

  let handled = -1;
  let movedAt = now();
  while (isAlive()) {
    const polled = await actions.progress({ batchIds: [batchId] });
    const p = polled.ok ? polled.data : null;
    if (p) totals.progress = p;
    onProgress(totals);
    if (!p || (p.waiting === 0 && p.fallbackWaiting === 0)) return outcome(false, null);
    const handedOver = p.total - p.waiting + p.fallbackEmails - p.fallbackWaiting;
    if (handedOver !== handled) {
      handled = handedOver;
      movedAt = now();
    } else if (now() - movedAt >= STALL_MS) {
      return outcome(true, null);
    }
    await waitForChange(batchId, STALL_MS);
  }
  return outcome(false, null);
}
