import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { DashboardMetric } from "@/db/schema/health";
import { ts } from "./sql-values";

/**
 * The dashboard's daily counts (issue 18; db/schema/health.ts dashboard_daily_counts): written
 * by the worker for the days that can still change, read by the Administration home by week.
 */

export type RollupState = { timeZone: string; refreshedAt: Date | null };

/**
 * Takes the institution's rollup for recomputation: its state row, locked until the transaction
 * ends, or null when another process is recomputing it right now (it skips, the other finishes).
 */
export async function lockRollup(db: DbOrTx, params: { institutionId: string; timeZone: string }): Promise<RollupState | null> {
  await db.execute(sql`
    insert into dashboard_rollups (institution_id, time_zone) values (${params.institutionId}, ${params.timeZone})
    on conflict do nothing`);
  const [row] = await db.execute<{ time_zone: string; refreshed_at: string | null }>(sql`
    select time_zone, refreshed_at from dashboard_rollups where institution_id = ${params.institutionId} for update skip locked`);
  if (!row) return null;
  return { timeZone: row.time_zone, refreshedAt: row.refreshed_at === null ? null : new Date(row.refreshed_at) };
}

export async function readRollupState(db: DbOrTx, params: { institutionId: string }): Promise<RollupState | null> {
  const [row] = await db.execute<{ time_zone: string; refreshed_at: string | null }>(sql`
    select time_zone, refreshed_at from dashboard_rollups where institution_id = ${params.institutionId}`);
  return row ? { timeZone: row.time_zone, refreshedAt: row.refreshed_at === null ? null : new Date(row.refreshed_at) } : null;
}

/**
 * Recomputes the daily counts of the local days `from`..`to` (inclusive, in `timeZone`) from the
 * messages, sends and phone history, replacing what was there, and drops days before `keepFrom`.
 * Run inside the transaction that holds lockRollup. Every count is of the institution's own rows.
 *
 * - texts: outbound texts not refused; texts_delivered / texts_failed (failed, undelivered);
 *   texts_replied: texted people who texted back within 24 hours (messages_inbound_person_idx);
 * - emails: outbound emails, those never sent for want of an address (UNDELIVERABLE) apart;
 * - replies: inbound texts; opt_outs: people whose records a STOP or Twilio 21610 disabled;
 * - failure_reason (key: reason code): failed, undelivered or refused messages;
 * - staff_sends / staff_messages (key: the sender's person id): sends released, messages sent.
 */
export async function recomputeDailyCounts(
  db: DbOrTx,
  params: { institutionId: string; timeZone: string; from: string; to: string; keepFrom: string; now: Date },
): Promise<void> {
  const { institutionId: i, timeZone: tz } = params;
  const lo = sql`(${params.from}::date)::timestamp at time zone ${tz}`;
  const hi = sql`(${params.to}::date + 1)::timestamp at time zone ${tz}`;
  await db.execute(sql`
    delete from dashboard_daily_counts
    where institution_id = ${i} and (day between ${params.from}::date and ${params.to}::date or day < ${params.keepFrom}::date)`);
  await db.execute(sql`
    with g as (
      select (m.created_at at time zone ${tz})::date as day, m.channel, m.direction, m.status, m.reason_code, m.from_person_id,
        count(*)::int as n,
        count(*) filter (where m.direction = 'OUTBOUND' and m.channel = 'SMS' and m.status <> 'refused' and m.to_person_id is not null
          and exists (
            select 1 from messages r
            where r.institution_id = m.institution_id and r.direction = 'INBOUND' and r.channel = 'SMS'
              and r.from_person_id = m.to_person_id and r.created_at > m.created_at and r.created_at <= m.created_at + interval '24 hours'))::int as replied
      from messages m
      where m.institution_id = ${i} and m.created_at >= ${lo} and m.created_at < ${hi}
      group by 1, 2, 3, 4, 5, 6
    ), out_sms as (
      select * from g where direction = 'OUTBOUND' and channel = 'SMS'
    ), counts as (
      select day, 'texts' as metric, '' as key, sum(n) as n from out_sms where status <> 'refused' group by day
      union all select day, 'texts_delivered', '', sum(n) from out_sms where status = 'delivered' group by day
      union all select day, 'texts_failed', '', sum(n) from out_sms where status in ('failed', 'undelivered') group by day
      union all select day, 'texts_replied', '', sum(replied) from out_sms group by day
      union all select day, 'emails', '', sum(n) from g
        where direction = 'OUTBOUND' and channel = 'EMAIL' and reason_code is distinct from 'UNDELIVERABLE' group by day
      union all select day, 'replies', '', sum(n) from g where direction = 'INBOUND' and channel = 'SMS' group by day
      union all select day, 'failure_reason', reason_code, sum(n) from g
        where direction = 'OUTBOUND' and status in ('failed', 'undelivered', 'refused') and reason_code is not null group by day, reason_code
      union all select day, 'staff_messages', from_person_id::text, sum(n) from g
        where direction = 'OUTBOUND' and from_person_id is not null and status <> 'refused' and reason_code is distinct from 'UNDELIVERABLE'
        group by day, from_person_id
      union all
        select (coalesce(b.released_at, b.created_at) at time zone ${tz})::date, 'staff_sends', b.sender_person_id::text, count(*)
        from send_batches b
        where b.institution_id = ${i} and b.state in ('sending', 'done') and b.sender_person_id is not null
          and coalesce(b.released_at, b.created_at) >= ${lo} and coalesce(b.released_at, b.created_at) < ${hi}
        group by 1, 3
      union all
        select (h.changed_at at time zone ${tz})::date, 'opt_outs', '', count(distinct pp.person_id)
        from phone_history h join person_phones pp on pp.id = h.phone_id and pp.institution_id = h.institution_id
        where h.institution_id = ${i} and h.field = 'SMS_STATUS' and h.new_value = 'SMS_DISABLED'
          and h.reason in ('OPT_OUT_KEYWORD', 'TWILIO_RECIPIENT_UNSUBSCRIBED')
          and h.changed_at >= ${lo} and h.changed_at < ${hi}
        group by 1
    )
    insert into dashboard_daily_counts (institution_id, day, metric, key, count)
    select ${i}, day, metric, key, n::int from counts where n > 0`);
  await db.execute(sql`
    update dashboard_rollups set time_zone = ${tz}, refreshed_at = ${ts(params.now)} where institution_id = ${i}`);
}

export type WeeklyCountRow = { week: string; metric: DashboardMetric; key: string; count: number; monthCount: number };

/**
 * The daily counts of the days `from`..`to` summed per ISO week (Monday) and key, with the part
 * falling on or after `monthStart` (this month's figures). A few hundred rows at most.
 */
export async function readWeeklyCounts(
  db: DbOrTx,
  params: { institutionId: string; from: string; to: string; monthStart: string },
): Promise<WeeklyCountRow[]> {
  const rows = await db.execute<{ week: string; metric: DashboardMetric; key: string; n: number; month_n: number }>(sql`
    select to_char(date_trunc('week', day), 'YYYY-MM-DD') as week, metric, key, sum(count)::int as n,
      coalesce(sum(count) filter (where day >= ${params.monthStart}::date), 0)::int as month_n
    from dashboard_daily_counts
    where institution_id = ${params.institutionId} and day between ${params.from}::date and ${params.to}::date
    group by 1, 2, 3`);
  return rows.map((r) => ({ week: r.week, metric: r.metric, key: r.key, count: Number(r.n), monthCount: Number(r.month_n) }));
}

/** Display names of the institution's persons among `ids` (staff on the dashboard). */
export async function personNames(db: DbOrTx, params: { institutionId: string; ids: readonly string[] }): Promise<Map<string, string>> {
  if (params.ids.length === 0) return new Map();
  const rows = await db.execute<{ id: string; name: string }>(sql`
    select id, coalesce(preferred_name, first_name) || ' ' || last_name as name from persons
    where institution_id = ${params.institutionId} and id = any(${`{${params.ids.join(",")}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Institutions whose daily counts are due for recomputation (the worker's round): never
 * computed, computed before `staleBefore`, or in another time zone than the institution's now.
 */
export async function listRollupsDue(db: DbOrTx, params: { staleBefore: Date }): Promise<{ id: string; timeZone: string }[]> {
  const rows = await db.execute<{ id: string; time_zone: string }>(sql`
    select i.id, i.time_zone from institutions i
    left join dashboard_rollups r on r.institution_id = i.id
    where r.refreshed_at is null or r.refreshed_at < ${ts(params.staleBefore)} or r.time_zone <> i.time_zone
    order by r.refreshed_at nulls first, i.id`);
  return rows.map((r) => ({ id: r.id, timeZone: r.time_zone }));
}

/** Every institution with its time zone (the worker's health round). */
export async function listInstitutionZones(db: DbOrTx): Promise<{ id: string; timeZone: string }[]> {
  const rows = await db.execute<{ id: string; time_zone: string }>(sql`select id, time_zone from institutions order by id`);
  return rows.map((r) => ({ id: r.id, timeZone: r.time_zone }));
}

export async function institutionZone(db: DbOrTx, institutionId: string): Promise<string | null> {
  const [row] = await db.execute<{ time_zone: string }>(sql`select time_zone from institutions where id = ${institutionId}`);
  return row?.time_zone ?? null;
}
