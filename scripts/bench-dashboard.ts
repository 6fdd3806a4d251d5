import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { getDashboard } from "@/lib/dashboard/get-dashboard";
import { refreshDashboard } from "@/lib/dashboard/refresh-dashboard";
import { getInstitutionHealth } from "@/lib/health/institution-health";
import { percentile } from "./bench-env";
import type { BenchData } from "./bench-report-data";

/**
 * The Administration home's dashboard at bench:report's million messages (issue 18; target p95
 * ≤ 100 ms a page). Adds what the report's data lacks for it — a send per 200 messages, spread
 * over its staff and days, and opt-outs of 2 % of its students — then times the worker's first
 * (whole 12 weeks) and a later (recent days) recomputation of the daily counts, and the page's
 * two reads side by side as the page makes them: getDashboard and getInstitutionHealth (which
 * checks and keeps the alerts). "Now" is an hour after the newest message.
 */
export async function measureDashboard(p: { db: Db; data: BenchData; runs: number }): Promise<{ p95: number }> {
  const { db, data } = p;
  const i = data.institutionId;
  const now = new Date(data.newest.getTime() + 3_600_000);
  // bench-report-data.ts spaces its messages 20 s per 8: the sends spread over the same span.
  const [{ total }] = await db.execute<{ total: number }>(sql`select count(*)::int as total from messages where institution_id = ${i}`);
  const sends = Math.max(1, Math.floor(Number(total) / 200));
  const spacingSeconds = (Number(total) / 8) * 20 / sends;
  await db.execute(sql`
    insert into send_batches (institution_id, sender_user_id, sender_person_id, body, recipient_count, state, released_at, created_at)
    select ${i}, s.user_id, s.person_id, 'Bench send', 200, 'done', t.at, t.at
    from generate_series(1, ${sends}) g
    join bench_staff s on s.n = g % ${data.staff.length}
    cross join lateral (select ${data.newest.toISOString()}::timestamptz - g * ${spacingSeconds} * interval '1 second' as at) t`);
  await db.execute(sql`
    insert into phone_history (institution_id, phone_id, field, old_value, new_value, actor_type, reason, changed_at)
    select ${i}, pp.id, 'SMS_STATUS', 'SMS_ENABLED', 'SMS_DISABLED', 'SYSTEM', 'OPT_OUT_KEYWORD',
      ${data.newest.toISOString()}::timestamptz - (s.n % 28) * interval '1 day'
    from bench_students s join person_phones pp on pp.person_id = s.person_id
    where s.n % 50 = 0`);
  await db.execute(sql`analyze send_batches`);
  await db.execute(sql`analyze phone_history`);

  const timed = async <T>(f: () => Promise<T>) => {
    const t = performance.now();
    const value = await f();
    return { ms: performance.now() - t, value };
  };
  const zone = "America/Chicago";
  const whole = await timed(() => refreshDashboard({ db, institutionId: i, timeZone: zone, now }));
  const recent = await timed(() => refreshDashboard({ db, institutionId: i, timeZone: zone, now: new Date(now.getTime() + 5 * 60_000) }));
  const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from dashboard_daily_counts where institution_id = ${i}`);
  const recentSpan = recent.value.refreshed ? `${recent.value.from}..${recent.value.to}` : "skipped";
  console.log(
    `dashboard counts: whole 12 weeks recomputed in ${(whole.ms / 1000).toFixed(1)} s (${Number(n).toLocaleString("en-US")} daily rows), ` +
      `recent days (${recentSpan}) in ${(recent.ms / 1000).toFixed(1)} s — the worker's work every 5 minutes`,
  );

  const admin = (await loadActor(db, data.adminUserId))!;
  const ctx = { db, actor: admin, now };
  const page: number[] = [];
  const board: number[] = [];
  const health: number[] = [];
  for (let run = -3; run < p.runs; run++) {
    const t = performance.now();
    const [b, h] = await Promise.all([timed(() => getDashboard({ ctx })), timed(() => getInstitutionHealth({ ctx }))]);
    const ms = performance.now() - t;
    if (run < 0) continue;
    page.push(ms);
    board.push(b.ms);
    health.push(h.ms);
    if (run === 0 && b.value.weeks.reduce((s, w) => s + w.texts, 0) === 0) throw new Error("the dashboard counted no texts");
  }
  const fmt = (ms: number) => ms.toFixed(2);
  console.log(
    `dashboard page (${p.runs} runs): getDashboard p95 ${fmt(percentile(board, 95))} ms, getInstitutionHealth p95 ${fmt(percentile(health, 95))} ms, ` +
      `both side by side p95 ${fmt(percentile(page, 95))} ms`,
  );
  return { p95: percentile(page, 95) };
}
