import "server-only";
import type { Db, DbOrTx } from "@/db";
import {
  listSendsWithStaleSnapshots,
  readSendOutcomeSnapshot,
  readSendOutcomeSummary,
  saveSendOutcomeSnapshot,
  type SendOutcomeSnapshot,
} from "@/db/queries/send-outcomes";
import { describeError, log } from "@/lib/log";

/*
 * A large send's figures are kept, not computed on every view (issue 18: its results page in
 * ≤ 100 ms at 50,000 recipients, where one pass over its rows, replies and opt-outs takes about
 * 200 ms). A send of at most LIVE_FIGURES_MAX_RECIPIENTS is computed on every view (a few
 * milliseconds) and its figures are never behind. A larger one has a snapshot
 * (send_outcome_snapshots): the worker's round (every minute) computes the snapshots of the large
 * sends of the last RECENT_SEND_MS again once they are WORKER_REFRESH_AFTER_MS old, and a view
 * that finds one older than SNAPSHOT_MAX_AGE_MS (no worker running, or a send that just went)
 * computes it itself and stores it.
 * Older sends change only by late opt-outs: their snapshot is kept an hour. The page and the API
 * say when the figures were computed.
 */

export const LIVE_FIGURES_MAX_RECIPIENTS = 2_000;
/** How old a recent large send's figures may be when shown. */
export const SNAPSHOT_MAX_AGE_MS = 90_000;
/** How old the worker lets them get: its rounds are a minute apart. */
export const WORKER_REFRESH_AFTER_MS = 45_000;
/** How old an older send's figures may be: after RECENT_SEND_MS only a late opt-out changes them. */
export const SETTLED_SNAPSHOT_MAX_AGE_MS = 3_600_000;
/** Replies count within 8 days of the start (REPLY_HORIZON of db/queries/send-outcomes.ts), plus a day. */
export const RECENT_SEND_MS = 9 * 86_400_000;

type SendFacts = { institutionId: string; batchId: string; recipientCount: number; startedAt: Date };

/** How old the figures of this send may be when a view shows them: 0 for a small send (always computed). */
export function figuresMaxAgeMs(send: Pick<SendFacts, "recipientCount" | "startedAt">, now: Date): number {
  if (send.recipientCount <= LIVE_FIGURES_MAX_RECIPIENTS) return 0;
  return now.getTime() - send.startedAt.getTime() < RECENT_SEND_MS ? SNAPSHOT_MAX_AGE_MS : SETTLED_SNAPSHOT_MAX_AGE_MS;
}

/**
 * The send's figures for a view: its snapshot when recent enough, else computed now (and, for a
 * large send, stored). Null when the institution has no such send.
 */
export async function currentSendOutcomeSummary(db: DbOrTx, send: SendFacts, now: Date): Promise<SendOutcomeSnapshot | null> {
  const scope = { institutionId: send.institutionId, batchId: send.batchId };
  const maxAge = figuresMaxAgeMs(send, now);
  if (maxAge > 0) {
    const kept = await readSendOutcomeSnapshot(db, scope);
    if (kept && now.getTime() - kept.computedAt.getTime() <= maxAge) return kept;
  }
  const summary = await readSendOutcomeSummary(db, scope);
  if (!summary) return null;
  const computed = { summary, computedAt: now };
  if (maxAge > 0) await saveSendOutcomeSnapshot(db, { ...scope, ...computed });
  return computed;
}

/**
 * The worker's round: computes again the snapshots of the large sends of the last RECENT_SEND_MS
 * that are missing or WORKER_REFRESH_AFTER_MS old (at most `limit`, oldest first), so their views find
 * them ready. A failure is logged and the others go on. Returns how many were computed.
 */
export async function refreshSendOutcomeSnapshots(p: { db: Db; now: Date; limit?: number }): Promise<number> {
  const due = await listSendsWithStaleSnapshots(p.db, {
    minRecipients: LIVE_FIGURES_MAX_RECIPIENTS + 1,
    startedSince: new Date(p.now.getTime() - RECENT_SEND_MS),
    staleBefore: new Date(p.now.getTime() - WORKER_REFRESH_AFTER_MS),
    limit: p.limit ?? 50,
  });
  let done = 0;
  for (const scope of due) {
    try {
      const computedAt = new Date();
      const summary = await readSendOutcomeSummary(p.db, scope);
      if (!summary) continue;
      await saveSendOutcomeSnapshot(p.db, { ...scope, summary, computedAt });
      done++;
    } catch (err) {
      log.error("send results snapshot failed", { ...scope, ...describeError(err) });
    }
  }
  return done;
}
