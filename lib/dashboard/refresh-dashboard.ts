import "server-only";
import type { Db } from "@/db";
import { listRollupsDue, lockRollup, recomputeDailyCounts } from "@/db/queries/dashboard";
import { describeError, log } from "@/lib/log";
import { dashboardCalendar, localDay } from "./weeks";

/**
 * How far back a day's figures can still change: a text's final status may come (or be found by
 * reconciliation) until RECONCILE_GIVE_UP_HOURS (72 h by default) after it was handed over, and
 * a reply counts for a text within 24 h. Days older than this at the last recomputation are kept.
 */
export const DASHBOARD_SETTLE_MS = 72 * 3_600_000;

/** How often the worker recomputes an institution's recent days (the dashboard says "as of"). */
export const DASHBOARD_REFRESH_MS = 5 * 60_000;

export type RefreshOutcome = { refreshed: false } | { refreshed: true; from: string; to: string };

/**
 * Recomputes one institution's daily counts (db/queries/dashboard.ts) for the days that can have
 * changed since the last time: every day of the charts' 12 weeks the first time (or after the
 * institution's time zone changed), else the days from DASHBOARD_SETTLE_MS before the last
 * recomputation to today. One transaction holding the institution's rollup row: a second process
 * arriving meanwhile skips instead of doing the same work. No trigger on `messages`: the send and
 * webhook paths pay nothing for the dashboard.
 */
export async function refreshDashboard(p: { db: Db; institutionId: string; timeZone: string; now: Date }): Promise<RefreshOutcome> {
  return p.db.transaction(async (tx) => {
    const state = await lockRollup(tx, { institutionId: p.institutionId, timeZone: p.timeZone });
    if (!state) return { refreshed: false } as const;
    const cal = dashboardCalendar(p.now, p.timeZone);
    const whole = state.refreshedAt === null || state.timeZone !== p.timeZone;
    const settledBefore = whole ? cal.from : localDay(new Date(state.refreshedAt!.getTime() - DASHBOARD_SETTLE_MS), p.timeZone);
    const from = settledBefore > cal.from ? settledBefore : cal.from;
    await recomputeDailyCounts(tx, { institutionId: p.institutionId, timeZone: p.timeZone, from, to: cal.today, keepFrom: cal.from, now: p.now });
    return { refreshed: true, from, to: cal.today } as const;
  });
}

/**
 * The worker's round: recomputes every institution whose counts are older than `everyMs`
 * (DASHBOARD_REFRESH_MS), one at a time; the age is the database's, so several workers share
 * the rounds instead of each doing them. A failure is logged and the others go on.
 */
export async function refreshDashboards(p: { db: Db; now: Date; everyMs?: number }): Promise<number> {
  const due = await listRollupsDue(p.db, { staleBefore: new Date(p.now.getTime() - (p.everyMs ?? DASHBOARD_REFRESH_MS)) });
  let done = 0;
  for (const inst of due) {
    try {
      const outcome = await refreshDashboard({ db: p.db, institutionId: inst.id, timeZone: inst.timeZone, now: p.now });
      if (outcome.refreshed) done++;
    } catch (err) {
      log.error("dashboard refresh failed", { institutionId: inst.id, ...describeError(err) });
    }
  }
  return done;
}
