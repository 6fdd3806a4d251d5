import type { SendProgress } from "@/lib/messaging/send/get-send-progress";
import { COMPOSER_SEND_CHUNK } from "@/lib/messaging/send/schemas";
import type { ChunkResult, ComposerActions } from "./types";

export const POLL_MS = 1000;
/** Stop following a send whose hand-over count has not moved for this long (the worker may be down). */
export const STALL_MS = 30_000;

export type SendTotals = {
  /** Recipients asked for (distinct ids). */
  requested: number;
  /** Messages stored so far (one per known recipient). */
  stored: number;
  decisions: ChunkResult["summary"];
  unknown: number;
  refused: string | null;
  monthly: ChunkResult["monthly"] | null;
  /** What the worker has done with them, from the stored statuses. */
  progress: SendProgress | null;
  /** The sends stored (one per chunk): the results and the Message Report are filtered to them. */
  batchIds: string[];
};

export type BulkSendDeps = {
  actions: Pick<ComposerActions, "sendChunk" | "progress">;
  /** Told the totals so far after each step (the same object, updated in place). */
  onProgress: (totals: SendTotals) => void;
  /** False once nobody is watching (the composer closed): stop following the send. */
  isAlive: () => boolean;
  /** The clock and the wait between polls; the browser's unless a test gives its own. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type BulkSendOutcome = { totals: SendTotals; stalled: boolean; error: string | null };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Send from the composer, without React (use-bulk-send.ts holds the state): the distinct
 * recipients go to the server in chunks of COMPOSER_SEND_CHUNK (each one `sendMessages` call, stored and
 * queued), stopping at a refused send or a failed call; then the stored statuses of the sends'
 * batches are polled every POLL_MS until every message — fallback emails included — is handed
 * to Twilio or the email provider, or the count has not moved for STALL_MS (`stalled`).
 */
export async function runBulkSend(deps: BulkSendDeps, recipientIds: readonly string[], body: string): Promise<BulkSendOutcome> {
  const { actions, onProgress, isAlive } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? wait;
  const ids = [...new Set(recipientIds)];
  const totals: SendTotals = {
    requested: ids.length,
    stored: 0,
    decisions: { texts: 0, emails: 0, undeliverable: 0, refused: 0 },
    unknown: 0,
    refused: null,
    monthly: null,
    progress: null,
    batchIds: [],
  };
  const batchIds = totals.batchIds;
  const outcome = (stalled: boolean, error: string | null): BulkSendOutcome => ({ totals, stalled, error });
  const poll = async () => {
    if (batchIds.length === 0) return null;
    const result = await actions.progress({ batchIds: batchIds.slice(-100) });
    if (result.ok) totals.progress = result.data;
    return result.ok ? result.data : null;
  };
  onProgress(totals);

  for (let i = 0; i < ids.length; i += COMPOSER_SEND_CHUNK) {
    const chunk = ids.slice(i, i + COMPOSER_SEND_CHUNK);
    const result = await actions.sendChunk({ recipientIds: chunk, body });
    if (!result.ok) return outcome(false, result.fieldErrors.body ?? result.error);
    const r = result.data;
    if (r.batchId) batchIds.push(r.batchId);
    totals.stored += chunk.length - r.unknown;
    totals.unknown += r.unknown;
    totals.monthly = r.monthly;
    for (const k of Object.keys(totals.decisions) as (keyof SendTotals["decisions"])[]) totals.decisions[k] += r.summary[k];
    if (r.refused) {
      totals.refused = r.refused;
      break;
    }
    await poll();
    onProgress(totals);
  }

  let handled = -1;
  let movedAt = now();
  while (isAlive() && batchIds.length > 0) {
    const p = await poll();
    onProgress(totals);
    if (!p || (p.waiting === 0 && p.fallbackWaiting === 0)) return outcome(false, null);
    const handedOver = p.total - p.waiting + p.fallbackEmails - p.fallbackWaiting;
    if (handedOver !== handled) {
      handled = handedOver;
      movedAt = now();
    } else if (now() - movedAt > STALL_MS) {
      return outcome(true, null);
    }
    await sleep(POLL_MS);
  }
  return outcome(false, null);
}
