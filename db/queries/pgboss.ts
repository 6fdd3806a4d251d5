import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/**
 * pg-boss's own tables (pg-boss 10: `<schema>.job`, its `state` enum, `data` jsonb), read and
 * written here and nowhere else, so a pg-boss upgrade that changes them changes this file. Only
 * lib/jobs/pgboss-tables.ts calls it: it names the schema and the queues. No institution: jobs
 * are triggers, the message and outbox rows they point at carry it.
 */

/** The job states that still wait for, or hold, a worker. */
const LIVE_STATES = sql.raw(`'created', 'retry', 'active'`);

/**
 * Runs one of pg-boss's own statements (`$1`, `$2`, … placeholders) on a drizzle connection or
 * transaction, its values bound as parameters: so a job can be queued in the transaction that
 * makes it due.
 */
export async function executeBossStatement(db: DbOrTx, text: string, values: readonly unknown[]) {
  const parts = text.split(/\$(\d+)/);
  const query = sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1] ?? null}`)));
  return [...(await db.execute(query))];
}

/**
 * How long the oldest due job (state `created`, start_after passed) has waited, in seconds,
 * over every queue, or null when none waits.
 */
export async function oldestDueJobAgeSeconds(db: DbOrTx, params: { schema: string }): Promise<number | null> {
  const [row] = await db.execute<{ age: number | string | null }>(sql`
    select extract(epoch from now() - min(start_after)) as age
    from ${sql.raw(params.schema)}.job
    where state = 'created' and start_after <= now()`);
  return row?.age === null || row?.age === undefined ? null : Number(row.age);
}

/**
 * For each queue, when the oldest job still waiting there (state `created`, due) was created;
 * null for a queue where none waits.
 */
export async function oldestWaitingJobCreatedAt(db: DbOrTx, params: { schema: string; queues: readonly string[] }): Promise<Map<string, Date | null>> {
  const rows = await db.execute<{ queue: string; created_on: string | Date | null }>(sql`
    select q.queue,
      (select min(j.created_on) from ${sql.raw(params.schema)}.job j
        where j.name = q.queue and j.state = 'created' and j.start_after <= now()) as created_on
    from unnest(${`{${params.queues.join(",")}}`}::text[]) as q(queue)`);
  return new Map(rows.map((r) => [r.queue, r.created_on === null ? null : new Date(r.created_on)]));
}

/** Of `values`, those that a live job of `queue` carries as `data->>key`. */
export async function liveJobDataValues(
  db: DbOrTx,
  params: { schema: string; queue: string; key: string; values: readonly string[] },
): Promise<Set<string>> {
  if (params.values.length === 0) return new Set();
  const rows = await db.execute<{ value: string }>(sql`
    select distinct j.data->>${params.key} as value from ${sql.raw(params.schema)}.job j
    where j.name = ${params.queue} and j.state in (${LIVE_STATES})
      and j.data->>${params.key} = any(${`{${params.values.join(",")}}`}::text[])`);
  return new Set(rows.map((r) => r.value));
}

export type JobFilter = {
  queue?: string;
  /** Only jobs in these states (pg-boss's: created, retry, active, completed, cancelled, failed). */
  states?: readonly string[];
  /** Only jobs not in these states. */
  notStates?: readonly string[];
  /** Only jobs whose `data.messageIds` holds this id. */
  messageId?: number;
  /** Only jobs whose `data[key]` is `value`. */
  data?: { key: string; value: string };
  /** Only jobs due now (start_after passed). */
  due?: boolean;
};

function whereJobs(f: JobFilter) {
  const conditions = [sql`true`];
  if (f.queue !== undefined) conditions.push(sql`j.name = ${f.queue}`);
  if (f.states) conditions.push(sql`j.state::text = any(${`{${f.states.join(",")}}`}::text[])`);
  if (f.notStates) conditions.push(sql`not (j.state::text = any(${`{${f.notStates.join(",")}}`}::text[]))`);
  if (f.messageId !== undefined) conditions.push(sql`j.data->'messageIds' @> ${JSON.stringify([f.messageId])}::jsonb`);
  if (f.data) conditions.push(sql`j.data->>${f.data.key} = ${f.data.value}`);
  if (f.due) conditions.push(sql`j.start_after <= now()`);
  return sql.join(conditions, sql` and `);
}

/** How many jobs match, by queue and state. For benchmarks, tests and checks. */
export async function countJobs(db: DbOrTx, params: { schema: string; filter: JobFilter }) {
  const rows = await db.execute<{ name: string; state: string; n: number }>(sql`
    select j.name, j.state::text as state, count(*)::int as n from ${sql.raw(params.schema)}.job j
    where ${whereJobs(params.filter)}
    group by j.name, j.state order by j.name, j.state`);
  return rows.map((r) => ({ queue: r.name, state: r.state, count: Number(r.n) }));
}

/** How many jobs of `queue` carry each of `messageIds` in `data.messageIds`. */
export async function countJobsPerMessage(db: DbOrTx, params: { schema: string; queue: string; messageIds: readonly number[] }): Promise<Map<number, number>> {
  const rows = await db.execute<{ id: number; n: number }>(sql`
    select (x)::bigint as id, count(*)::int as n
    from ${sql.raw(params.schema)}.job j cross join lateral jsonb_array_elements_text(j.data->'messageIds') x
    where j.name = ${params.queue} and (x)::bigint = any(${`{${params.messageIds.join(",")}}`}::bigint[])
    group by 1`);
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

/** Sets the state of the matching jobs, as if pg-boss had (tests: a job taken, or failed for good). */
export async function setJobsState(db: DbOrTx, params: { schema: string; filter: JobFilter; state: string }) {
  await db.execute(sql`update ${sql.raw(params.schema)}.job j set state = ${params.state} where ${whereJobs(params.filter)}`);
}

/** Deletes the matching jobs (tests: a job lost). */
export async function deleteJobs(db: DbOrTx, params: { schema: string; filter: JobFilter }) {
  await db.execute(sql`delete from ${sql.raw(params.schema)}.job j where ${whereJobs(params.filter)}`);
}

/** Moves the matching jobs' creation and due times back by `ms` (tests: a job that has waited). */
export async function backdateJobs(db: DbOrTx, params: { schema: string; filter: JobFilter; ms: number }) {
  await db.execute(sql`
    update ${sql.raw(params.schema)}.job j
    set created_on = now() - ${`${params.ms} milliseconds`}::interval, start_after = now() - ${`${params.ms} milliseconds`}::interval
    where ${whereJobs(params.filter)}`);
}
