import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** Writes this worker's beat (one row per worker process, lib/jobs/heartbeat.ts). */
export async function recordHeartbeat(db: DbOrTx, beat: { workerId: string; host: string; pid: number; now: Date }) {
  await db.execute(sql`
    insert into worker_heartbeats (worker_id, host, pid, started_at, beat_at)
    values (${beat.workerId}, ${beat.host}, ${beat.pid}, ${beat.now.toISOString()}::timestamptz, ${beat.now.toISOString()}::timestamptz)
    on conflict (worker_id) do update set beat_at = excluded.beat_at`);
}

/** A worker that stops cleanly removes its row; rows of workers silent for `olderThan` are pruned. */
export async function removeHeartbeats(db: DbOrTx, params: { workerId?: string; olderThan?: Date }) {
  if (params.workerId) await db.execute(sql`delete from worker_heartbeats where worker_id = ${params.workerId}`);
  if (params.olderThan) await db.execute(sql`delete from worker_heartbeats where beat_at < ${params.olderThan.toISOString()}::timestamptz`);
}

/** The freshest beat of any worker, and how many workers beat since `since`. */
export async function latestHeartbeat(db: DbOrTx, since: Date): Promise<{ beatAt: Date | null; workers: number }> {
  const [row] = await db.execute<{ beat_at: string | Date | null; workers: number }>(sql`
    select max(beat_at) as beat_at, count(*) filter (where beat_at >= ${since.toISOString()}::timestamptz)::int as workers
    from worker_heartbeats`);
  return { beatAt: row?.beat_at ? new Date(row.beat_at) : null, workers: Number(row?.workers ?? 0) };
}
