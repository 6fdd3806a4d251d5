import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { PGBOSS_SCHEMA } from "./queues";

/**
 * How long the oldest job that is due has waited to be taken, in seconds, over every queue
 * (pg-boss's job table: state `created`, start_after passed), or null when none waits. A job
 * scheduled for later (a retry's backoff) is not waiting until its time comes. For GET /healthz.
 */
export async function oldestQueuedJobAgeSeconds(db: DbOrTx): Promise<number | null> {
  const [row] = await db.execute<{ age: number | string | null }>(sql`
    select extract(epoch from now() - min(start_after)) as age
    from ${sql.raw(PGBOSS_SCHEMA)}.job
    where state = 'created' and start_after <= now()`);
  return row?.age === null || row?.age === undefined ? null : Math.max(0, Math.floor(Number(row.age)));
}
