import "server-only";
import { institutionZone, personNames, readRollupState, readWeeklyCounts } from "@/db/queries/dashboard";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { shapeDashboard, type Dashboard } from "./shape-dashboard";
import { refreshDashboard } from "./refresh-dashboard";
import { dashboardCalendar } from "./weeks";

/**
 * The institution's dashboard (issue 18: the Administration home and GET /api/v1/dashboard):
 * this month's figures and the last 12 weeks, from the daily counts the worker keeps
 * (lib/dashboard/refresh-dashboard.ts). Administrators only. When the counts were never computed
 * (a new install, or the time zone just changed) they are computed now, once; otherwise the page
 * reads a few hundred rows and says when they were computed.
 */
export async function getDashboard({ ctx }: { ctx: ServiceContext }): Promise<Dashboard> {
  authorize(ctx.actor, "dashboard.read");
  const institutionId = ctx.actor.institutionId;
  const timeZone = await institutionZone(ctx.db, institutionId);
  if (!timeZone) throw new AppError("NOT_FOUND", "No such institution.");
  let state = await readRollupState(ctx.db, { institutionId });
  if (!state?.refreshedAt || state.timeZone !== timeZone) {
    await refreshDashboard({ db: ctx.db, institutionId, timeZone, now: ctx.now });
    state = await readRollupState(ctx.db, { institutionId });
  }
  const cal = dashboardCalendar(ctx.now, timeZone);
  const rows = await readWeeklyCounts(ctx.db, { institutionId, from: cal.from, to: cal.today, monthStart: cal.monthStart });
  const staffIds = [...new Set(rows.filter((r) => r.metric === "staff_sends" || r.metric === "staff_messages").map((r) => r.key))];
  const names = await personNames(ctx.db, { institutionId, ids: staffIds });
  return shapeDashboard({ rows, calendar: cal, timeZone, names, asOf: state?.refreshedAt ?? null });
}
