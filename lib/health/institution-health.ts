import "server-only";
import { z } from "zod";
import type { Db } from "@/db";
import { institutionZone } from "@/db/queries/dashboard";
import { listOpenAlerts, markAlertsEmailed, resolveAlerts, upsertOpenAlerts } from "@/db/queries/health-alerts";
import { countDeliveredSince, countHandedOverWithoutCallback, readPoolFacts, readWebhookFacts } from "@/db/queries/institution-health";
import { getMonthlyUsage } from "@/db/queries/sms-usage";
import { authorize } from "@/lib/auth/policy";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { monthStartInZone } from "@/lib/messaging/send/month";
import type { ServiceContext } from "@/lib/service-context";
import { evaluateHealth, HEALTH_THRESHOLDS, monthlyPercent, numbersAvailable, poolPercent, type HealthFacts } from "./health-rules";

const percent = z
  .number()
  .nullable()
  .describe("Rounded percentage (above 100 when demand passes what is available); null when it does not apply: nobody waits for a number, no number is available at all, or a monthly limit of 0.");

export const healthReportSchema = z.object({
  checkedAt: z.string(),
  status: z.enum(["ok", "warning", "critical"]).describe("The worst level among the open alerts."),
  webhooks: z.object({
    lastStatusCallbackAt: z.string().nullable(),
    lastInboundTextAt: z.string().nullable(),
    waitingForFinalStatus: z.number().int().describe("Texts with no final status more than 10 minutes after their last change (counted up to 10,000)."),
    refusedSignaturesLastHour: z.number().int(),
    reconciliationLast24h: z
      .array(z.object({ status: z.string(), gaveUp: z.boolean(), count: z.number().int() }))
      .describe("What status reconciliation found for texts whose callbacks never came: each status it applied, and the texts it gave up on."),
  }),
  numberPool: z.object({
    freeNumbers: z.number().int().describe("ACTIVE numbers nobody holds."),
    assigned: z.number().int(),
    limit: z.number().int().describe("SMS Phone Number Usage Limit."),
    available: z.number().int().describe("Numbers a first sender can still get: free ones, within the limit."),
    staffWithoutNumber: z.number().int().describe("Permitted staff who hold no number yet."),
    percent,
  }),
  monthlyLimit: z.object({ month: z.string(), used: z.number().int(), limit: z.number().int(), percent }),
  alerts: z.array(
    z.object({
      key: z.string(),
      level: z.enum(["warning", "critical"]),
      title: z.string(),
      detail: z.string(),
      openedAt: z.string(),
      emailedAt: z.string().nullable().describe("When the administrators were emailed (null: not yet; the worker sends within a minute)."),
    }),
  ),
});
export type HealthReport = z.infer<typeof healthReportSchema>;

const round = (pct: number | null) => (pct === null ? null : Number.isFinite(pct) ? Math.round(pct) : null);

/**
 * Checks one institution's health (issue 18): reads the facts, applies the rules
 * (lib/health/health-rules.ts), opens an alert for each condition that starts to hold — at most
 * one open per key, so the administrators are emailed once per event however many checks run —
 * and resolves those that stopped. The worker runs it every minute for every institution
 * (lib/jobs/health-rounds.ts), and the dashboard and GET /api/v1/health on each view.
 */
export async function runHealthCheck(p: { db: Db; institutionId: string; timeZone: string; now: Date }): Promise<HealthReport> {
  const { db, institutionId, now } = p;
  const t = HEALTH_THRESHOLDS;
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);
  const giveUpMs = getEnv().RECONCILE_GIVE_UP_HOURS * 3_600_000;
  const web = await readWebhookFacts(db, {
    institutionId,
    waitingBefore: at(t.waitingAfterMs),
    givenUpBefore: at(giveUpMs),
    refusedSince: at(t.refusedWindowMs),
    reconciledSince: at(24 * 3_600_000),
  });
  // The costlier look-ups only when the cheap ones found silence.
  const callbacksSilent = !web.lastCallbackAt || web.lastCallbackAt < at(t.callbackSilenceMs);
  const handedOverWithoutCallback = callbacksSilent
    ? await countHandedOverWithoutCallback(db, { institutionId, from: at(t.handOverWindowMs), to: at(t.callbackSilenceMs) })
    : null;
  const inboundSilent = !web.lastInboundAt || web.lastInboundAt < at(t.inboundSilenceMs);
  const deliveredWhileNoInbound = inboundSilent ? await countDeliveredSince(db, { institutionId, since: at(t.inboundSilenceMs) }) : null;
  const pool = await readPoolFacts(db, { institutionId });
  const monthStart = monthStartInZone(now, p.timeZone);
  const usage = await getMonthlyUsage(db, { institutionId, month: monthStart });
  const facts: HealthFacts = {
    now,
    webhooks: { ...web, handedOverWithoutCallback, deliveredWhileNoInbound },
    pool,
    monthly: { month: monthStart.slice(0, 7), used: usage.used, limit: usage.limit },
  };
  const conditions = evaluateHealth(facts);
  const alerts = await db.transaction(async (tx) => {
    const opened = await upsertOpenAlerts(tx, {
      institutionId,
      alerts: conditions.map((c) => ({ key: c.key, level: c.level, title: c.title, detail: c.detail, period: c.period ?? null })),
      now,
    });
    const covered = conditions.filter((c) => c.coveredBy && opened.has(c.key) && opened.has(c.coveredBy)).map((c) => c.key);
    await markAlertsEmailed(tx, { institutionId, keys: covered, now });
    await resolveAlerts(tx, { institutionId, activeKeys: conditions.map((c) => c.key), month: facts.monthly.month, now });
    return listOpenAlerts(tx, { institutionId });
  });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    checkedAt: now.toISOString(),
    status: alerts.some((a) => a.level === "critical") ? "critical" : alerts.length > 0 ? "warning" : "ok",
    webhooks: {
      lastStatusCallbackAt: iso(web.lastCallbackAt),
      lastInboundTextAt: iso(web.lastInboundAt),
      waitingForFinalStatus: web.waiting,
      refusedSignaturesLastHour: web.refusedSignatures,
      reconciliationLast24h: web.reconciled.map((r) => ({ status: r.status, gaveUp: r.expired, count: r.count })),
    },
    numberPool: {
      freeNumbers: pool.freeNumbers,
      assigned: pool.assigned,
      limit: pool.limit,
      available: numbersAvailable(pool),
      staffWithoutNumber: pool.waitingStaff,
      percent: round(poolPercent(pool)),
    },
    monthlyLimit: { month: facts.monthly.month, used: usage.used, limit: usage.limit, percent: round(monthlyPercent(facts.monthly)) },
    alerts: alerts.map((a) => ({ key: a.key, level: a.level, title: a.title, detail: a.detail, openedAt: a.openedAt.toISOString(), emailedAt: iso(a.emailedAt) })),
  };
}

/** The signed-in administrator's institution's health (the dashboard's panel, GET /api/v1/health): checked now. */
export async function getInstitutionHealth({ ctx }: { ctx: ServiceContext }): Promise<HealthReport> {
  authorize(ctx.actor, "health.read");
  const timeZone = await institutionZone(ctx.db, ctx.actor.institutionId);
  if (!timeZone) throw new AppError("NOT_FOUND", "No such institution.");
  return runHealthCheck({ db: ctx.db, institutionId: ctx.actor.institutionId, timeZone, now: ctx.now });
}
