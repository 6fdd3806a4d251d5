import "server-only";
import PgBoss from "pg-boss";
import { getSql, type DbOrTx } from "@/db";
import { executeBossStatement } from "@/db/queries/pgboss";
import { notifyOutboxWriters } from "@/db/queries/send-outbox";
import { PGBOSS_SCHEMA, QUEUES, type QueueName } from "./queues";

let producer: PgBoss | undefined;

/**
 * A pg-boss instance that only inserts jobs, through the app's own postgres.js pool (no
 * second pool, no polling): web processes enqueue, worker processes work.
 */
function getProducer() {
  producer ??= new PgBoss({
    schema: PGBOSS_SCHEMA,
    db: {
      executeSql: async (text: string, values: unknown[]) => ({
        // pg-boss passes unset defaults as undefined; postgres.js wants null.
        rows: [...(await getSql().unsafe(text, values.map((v) => v ?? null) as never[]))],
      }),
    },
  });
  return producer;
}

/**
 * pg-boss's statements run on a drizzle connection or transaction, so a job can be queued in
 * the transaction that makes it due: pg-boss's `$n` placeholders become bound parameters.
 */
function bossDbOn(db: DbOrTx): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => ({ rows: await executeBossStatement(db, text, values) }),
  };
}

/** Jobs carry at most this many message ids; a job is one unit of retry. */
export const MESSAGES_PER_JOB = 25;

/**
 * Triggers the worker for these messages. Jobs are only triggers: the message rows say what is
 * left to do, so a job lost in a crash is made up by the worker's sweep, and a duplicate job
 * finds nothing to claim.
 */
export async function enqueueMessages(queue: QueueName, messageIds: readonly number[], options: EnqueueOptions = {}) {
  await enqueueMessageJobs([{ queue, messageIds }], options);
}

export type EnqueueOptions = {
  startAfter?: Date;
  /** Queue the jobs in this transaction (they exist if and only if it commits); default: at once, on their own. */
  tx?: DbOrTx;
};

/** As `enqueueMessages`, for several queues at once: one round trip per 500 jobs, whatever the queues. */
export async function enqueueMessageJobs(
  batches: readonly { queue: QueueName; messageIds: readonly number[] }[],
  options: EnqueueOptions = {},
) {
  const jobs: PgBoss.JobInsert[] = [];
  for (const { queue, messageIds } of batches) {
    for (let i = 0; i < messageIds.length; i += MESSAGES_PER_JOB) {
      jobs.push({
        name: queue,
        data: { messageIds: messageIds.slice(i, i + MESSAGES_PER_JOB) },
        ...(options.startAfter ? { startAfter: options.startAfter.toISOString() } : {}),
      });
    }
  }
  const on = options.tx ? { db: bossDbOn(options.tx) } : {};
  for (let i = 0; i < jobs.length; i += 500) await getProducer().insert(jobs.slice(i, i + 500), on);
}

export type WriteSendJob = { institutionId: string; batchId: string };

/**
 * Triggers the writing of a large send's outbox (QUEUES.writeSend) on `db`: the send's own
 * transaction, so that the jobs exist if and only if the send does, or the worker's sweep,
 * which makes up for jobs that failed for good. `writers` jobs, each of which writes chunks
 * until none is left, so that as many writers work on the send side by side; the workers are
 * woken when `db` commits (notifyOutboxWriters).
 */
export async function enqueueWriteSend(job: WriteSendJob, db: DbOrTx, writers = 1) {
  await getProducer().insert(Array.from({ length: writers }, () => ({ name: QUEUES.writeSend, data: job })), { db: bossDbOn(db) });
  await notifyOutboxWriters(db);
}

export type ReleaseSendJob = { institutionId: string; batchId: string };

/**
 * Triggers the release of a scheduled send at `at` (QUEUES.releaseSend with startAfter), on
 * `db`: the transaction that stores or moves the send, so the job exists if and only if that
 * commits. Only a trigger: the release claims the send by its state and time, so a job for an
 * old time or a second job finds nothing; the worker's sweep releases what a lost job missed.
 */
export async function enqueueReleaseSend(job: ReleaseSendJob, at: Date, db: DbOrTx) {
  await getProducer().insert([{ name: QUEUES.releaseSend, data: job, startAfter: at.toISOString() }], { db: bossDbOn(db) });
}

export type SendPausedJob = { institutionId: string; batchId: string };

/**
 * Queues the notice of a send paused for carrier filtering (QUEUES.notifySendPaused) in the
 * transaction that paused it, so it exists exactly when the pause does; the emails' idempotency
 * keys make a job run twice send each email once.
 */
export async function enqueueSendPausedNotice(job: SendPausedJob, db: DbOrTx) {
  await getProducer().insert([{ name: QUEUES.notifySendPaused, data: job }], { db: bossDbOn(db) });
}
