import "server-only";
import type { Resend } from "resend";
import type { Db } from "@/db";
import { listInstitutionZones } from "@/db/queries/dashboard";
import { refreshDashboards } from "@/lib/dashboard/refresh-dashboard";
import { emailHealthAlerts } from "@/lib/health/email-health-alerts";
import { refreshSendOutcomeSnapshots } from "@/lib/messaging/send/send-outcome-snapshots";
import { runHealthCheck } from "@/lib/health/institution-health";
import { describeError, log } from "@/lib/log";
import { providerContext } from "@/lib/service-context";

/** How often the worker checks every institution's health and emails new alerts. */
export const HEALTH_ROUND_MS = 60_000;

/**
 * One round (issue 18): every institution's health checked (alerts opened and resolved), the
 * new alerts emailed to administrators, then the dashboard's daily counts of institutions whose
 * counts are over 5 minutes old recomputed, and the figures of the recent large sends
 * (lib/messaging/send/send-outcome-snapshots.ts). A failing institution is logged; the round goes on.
 */
export async function runHealthRound(p: { db: Db; now: Date; publicBaseUrl: string; resend?: Resend }) {
  for (const inst of await listInstitutionZones(p.db)) {
    try {
      await runHealthCheck({ db: p.db, institutionId: inst.id, timeZone: inst.timeZone, now: p.now });
    } catch (err) {
      log.error("health check failed", { institutionId: inst.id, ...describeError(err) });
    }
  }
  try {
    const emailed = await emailHealthAlerts({ ctx: providerContext(p.db, "worker", p.now), publicBaseUrl: p.publicBaseUrl, resend: p.resend });
    if (emailed > 0) log.info("health alerts emailed", { count: emailed });
  } catch (err) {
    log.warn("health alert email failed", describeError(err));
  }
  await refreshDashboards({ db: p.db, now: p.now });
  await refreshSendOutcomeSnapshots({ db: p.db, now: p.now });
}

/**
 * The worker's health rounds, every HEALTH_ROUND_MS from start (the first at once), one at a
 * time: a slow round is not stacked under the next. Started by `npm run worker` beside the
 * sending worker and its heartbeat.
 */
export function startHealthRounds(p: { db: Db; publicBaseUrl: string; everyMs?: number; now?: () => Date }) {
  const now = p.now ?? (() => new Date());
  let running: Promise<unknown> | null = null;
  const round = () => {
    running ??= runHealthRound({ db: p.db, now: now(), publicBaseUrl: p.publicBaseUrl })
      .catch((err) => log.error("health round failed", describeError(err)))
      .finally(() => (running = null));
  };
  round();
  const timer = setInterval(round, p.everyMs ?? HEALTH_ROUND_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
