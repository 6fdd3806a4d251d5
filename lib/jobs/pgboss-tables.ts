import type { DbOrTx } from "@/db";
import {
  backdateJobs as backdate,
  countJobs as count,
  countJobsPerMessage,
  deleteJobs as remove,
  liveJobDataValues,
  oldestDueJobAgeSeconds,
  oldestWaitingJobCreatedAt,
  setJobsState,
  type JobFilter,
} from "@/db/queries/pgboss";
import { PGBOSS_SCHEMA, type QueueName } from "./queues";

/**
 * What the app reads (and tests set) in pg-boss's own tables, all through here: the sweep's
 * checks, the queue age for GET /healthz, the benchmarks' and tests' counts. Its statements are
 * in db/queries/pgboss.ts, the one file a pg-boss upgrade that changes its tables changes; this
 * module names the schema and the queues.
 */

export type { JobFilter };
type QueueFilter = Omit<JobFilter, "queue"> & { queue?: QueueName };

/**
 * How long the oldest job that is due has waited to be taken, in seconds, over every queue
 * (state `created`, start_after passed), or null when none waits. A job scheduled for later (a
 * retry's backoff) is not waiting until its time comes. For GET /healthz.
 */
export async function oldestQueuedJobAgeSeconds(db: DbOrTx): Promise<number | null> {
  const age = await oldestDueJobAgeSeconds(db, { schema: PGBOSS_SCHEMA });
  return age === null ? null : Math.max(0, Math.floor(age));
}

/** For each queue, when its oldest job still waiting to be taken was created (null: none waits). */
export function oldestWaitingJobs(db: DbOrTx, queues: readonly QueueName[]): Promise<Map<string, Date | null>> {
  return oldestWaitingJobCreatedAt(db, { schema: PGBOSS_SCHEMA, queues });
}

/** Of these sends, those whose write-send job still waits, retries or is at work. */
export function sendsWithLiveWriteJob(db: DbOrTx, queue: QueueName, batchIds: readonly string[]): Promise<Set<string>> {
  return liveJobDataValues(db, { schema: PGBOSS_SCHEMA, queue, key: "batchId", values: batchIds });
}

/** Jobs matching `filter`, counted by queue and state. */
export function countJobs(db: DbOrTx, filter: QueueFilter = {}) {
  return count(db, { schema: PGBOSS_SCHEMA, filter });
}

/** The total of `countJobs`. */
export async function countAllJobs(db: DbOrTx, filter: QueueFilter = {}): Promise<number> {
  return (await countJobs(db, filter)).reduce((sum, r) => sum + r.count, 0);
}

/** How many jobs of `queue` carry each of these message ids. */
export function jobsPerMessage(db: DbOrTx, queue: QueueName, messageIds: readonly number[]) {
  return countJobsPerMessage(db, { schema: PGBOSS_SCHEMA, queue, messageIds });
}

/** Tests: the matching jobs moved to `state`, as if a worker had taken them or they failed for good. */
export function setJobState(db: DbOrTx, filter: QueueFilter, state: "completed" | "failed") {
  return setJobsState(db, { schema: PGBOSS_SCHEMA, filter, state });
}

/** Tests: the matching jobs lost. */
export function deleteJobs(db: DbOrTx, filter: QueueFilter = {}) {
  return remove(db, { schema: PGBOSS_SCHEMA, filter });
}

/** Tests: the matching jobs created and due `ms` ago. */
export function backdateJobs(db: DbOrTx, filter: QueueFilter, ms: number) {
  return backdate(db, { schema: PGBOSS_SCHEMA, filter, ms });
}
