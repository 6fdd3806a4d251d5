import "server-only";
import type { Db } from "@/db";
import { pingDatabase } from "@/db/queries/health";
import { latestHeartbeat } from "@/db/queries/worker-heartbeats";
import { oldestQueuedJobAgeSeconds } from "@/lib/jobs/pgboss-tables";

/** A database that takes longer than this to answer `select 1` counts as down. */
export const DATABASE_TIMEOUT_MS = 2_000;

export type HealthThresholds = { maxHeartbeatAgeSeconds: number; maxQueueAgeSeconds: number };

/** Figures only: no institution, person or message data (the answer needs no sign-in). */
export type Health = {
  status: "ok" | "unhealthy";
  /** The checks that failed: `database`, `worker`, `queue`. */
  failing: ("database" | "worker" | "queue")[];
  database: { ok: boolean; latencyMs: number | null };
  worker: { ok: boolean; heartbeatAgeSeconds: number | null; workers: number };
  queue: { ok: boolean; oldestJobAgeSeconds: number | null };
};

/**
 * The health of the deployment for load balancers and monitors (README, scale-out): the
 * database answers `select 1` within DATABASE_TIMEOUT_MS; some worker wrote a heartbeat within
 * `maxHeartbeatAgeSeconds` (lib/jobs/heartbeat.ts); no due job has waited longer than
 * `maxQueueAgeSeconds`. Without a database the other two cannot be read and fail too.
 */
export async function checkHealth(ctx: { db: Db; now: Date }, thresholds: HealthThresholds): Promise<Health> {
  const started = performance.now();
  const reachable = await withTimeout(pingDatabase(ctx.db), DATABASE_TIMEOUT_MS).then(
    () => true,
    () => false,
  );
  const database = { ok: reachable, latencyMs: reachable ? Math.round(performance.now() - started) : null };
  let worker: Health["worker"] = { ok: false, heartbeatAgeSeconds: null, workers: 0 };
  let queue: Health["queue"] = { ok: false, oldestJobAgeSeconds: null };
  if (reachable) {
    const since = new Date(ctx.now.getTime() - thresholds.maxHeartbeatAgeSeconds * 1000);
    const [beat, oldest] = await withTimeout(Promise.all([latestHeartbeat(ctx.db, since), oldestQueuedJobAgeSeconds(ctx.db)]), DATABASE_TIMEOUT_MS).catch(
      () => [null, undefined] as const,
    );
    if (beat) {
      const age = beat.beatAt ? Math.max(0, Math.floor((ctx.now.getTime() - beat.beatAt.getTime()) / 1000)) : null;
      worker = { ok: age !== null && age <= thresholds.maxHeartbeatAgeSeconds, heartbeatAgeSeconds: age, workers: beat.workers };
    }
    if (oldest !== undefined) queue = { ok: oldest === null || oldest <= thresholds.maxQueueAgeSeconds, oldestJobAgeSeconds: oldest };
  }
  const failing = (["database", "worker", "queue"] as const).filter((k) => !{ database, worker, queue }[k].ok);
  return { status: failing.length === 0 ? "ok" : "unhealthy", failing, database, worker, queue };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
