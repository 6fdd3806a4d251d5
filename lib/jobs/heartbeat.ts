import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Db } from "@/db";
import { recordHeartbeat, removeHeartbeats } from "@/db/queries/worker-heartbeats";
import { describeError, log } from "@/lib/log";

/** How often a worker writes its beat; GET /healthz allows HEALTH_MAX_HEARTBEAT_AGE_SECONDS (60 by default). */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** Rows of workers silent this long (killed, their host gone) are pruned by the living. */
const PRUNE_AFTER_MS = 24 * 3_600_000;

/**
 * Makes this worker process visible to GET /healthz: a row in worker_heartbeats rewritten every
 * few seconds. A failed beat is only logged (the database may be away for a moment; the health
 * check reports it). `stop()` removes the row, so a clean stop is not mistaken for a live worker.
 */
export function startHeartbeat(db: Db, options: { intervalMs?: number; now?: () => Date } = {}) {
  const workerId = randomUUID();
  const now = options.now ?? (() => new Date());
  const beat = async () => {
    try {
      await recordHeartbeat(db, { workerId, host: hostname(), pid: process.pid, now: now() });
      await removeHeartbeats(db, { olderThan: new Date(now().getTime() - PRUNE_AFTER_MS) });
    } catch (err) {
      log.warn("worker heartbeat failed", describeError(err));
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  return {
    workerId,
    stop: async () => {
      clearInterval(timer);
      await removeHeartbeats(db, { workerId }).catch(() => {});
    },
  };
}
