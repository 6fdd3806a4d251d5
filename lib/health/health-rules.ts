import type { HealthLevel } from "@/db/schema/health";

/**
 * The institution's health rules (issue 18), pure: facts in, the conditions that hold out. Each
 * condition has a key; lib/health/institution-health.ts opens an alert for a key when it starts
 * to hold (emailing the administrators once) and resolves it when it stops. The thresholds, and
 * why (README "Health"):
 */
export const HEALTH_THRESHOLDS = {
  /**
   * Status callbacks stopped: a text handed to Twilio 15–60 minutes ago has had no callback at
   * all, and none has come for any text in 15 minutes. Twilio calls back within seconds of a
   * text leaving (`sent`), so 15 minutes of silence with a text waiting means callbacks are not
   * reaching us (a wrong URL, a refused signature, the app down); reconciliation then looks each
   * text up at Twilio, which keeps statuses right but is no substitute.
   */
  callbackSilenceMs: 15 * 60_000,
  handOverWindowMs: 60 * 60_000,
  /** Texts still waiting for a final status this long after their last change (RECONCILE_AFTER_MINUTES's default)… */
  waitingAfterMs: 10 * 60_000,
  /** …warned from this many: a few texts whose carrier reports late are normal. */
  waitingWarnCount: 25,
  /**
   * No inbound text for 24 hours although at least 50 texts were delivered in that time: with
   * the usual reply rates (10–30 %) that silence means inbound texts are not reaching us.
   */
  inboundSilenceMs: 24 * 3_600_000,
  inboundSilenceMinDelivered: 50,
  /** Any refused signature naming our numbers in the last hour: Twilio signs every request, so a refusal is a wrong auth token or public URL, or a forgery. */
  refusedWindowMs: 60 * 60_000,
  /** Number pool and monthly limit: warned at 80 %, critical at 100 %. */
  warnPercent: 80,
  criticalPercent: 100,
} as const;

export type HealthFacts = {
  now: Date;
  webhooks: {
    lastCallbackAt: Date | null;
    lastInboundAt: Date | null;
    /** Texts handed over 15–60 min ago with no callback yet; null when callbacks were not silent (not read). */
    handedOverWithoutCallback: number | null;
    waiting: number;
    /** Texts delivered in the last 24 h; null when an inbound text came in that time (not read). */
    deliveredWhileNoInbound: number | null;
    refusedSignatures: number;
  };
  pool: { freeNumbers: number; assigned: number; limit: number; waitingStaff: number };
  /** This month (YYYY-MM) in the institution's zone, its texts and its SMS Message Limit. */
  monthly: { month: string; used: number; limit: number };
};

export type HealthCondition = {
  key: string;
  level: HealthLevel;
  title: string;
  detail: string;
  /** A month (YYYY-MM): the alert stays open until that month ends, so it is emailed once per month. */
  period?: string;
  /** The key of the same rule's higher level: opened together, only the higher one is emailed. */
  coveredBy?: string;
};

const n = (value: number) => value.toLocaleString("en-US");
/** "1 text", "3 texts": a count with its noun (and, given, its verb) agreeing. */
const count = (value: number, one: string, many: string) => `${n(value)} ${value === 1 ? one : many}`;

/** What the pool can still hand out: free ACTIVE numbers, within the Phone Number Usage Limit. */
export function numbersAvailable(pool: HealthFacts["pool"]): number {
  return Math.max(0, Math.min(pool.freeNumbers, pool.limit - pool.assigned));
}

/**
 * Permitted staff without a number as a percentage of the numbers still available: 100 % means
 * the next first sender beyond them gets no number (SPEC §4.3, SMS_PHONE_NUMBER_LIMIT_REACHED).
 * Null when nobody waits; Infinity when someone waits and nothing is available.
 */
export function poolPercent(pool: HealthFacts["pool"]): number | null {
  if (pool.waitingStaff === 0) return null;
  const available = numbersAvailable(pool);
  return available === 0 ? Infinity : (pool.waitingStaff * 100) / available;
}

/** Texts this month as a percentage of the SMS Message Limit; null for a limit of 0 (texting not provisioned). */
export function monthlyPercent(monthly: HealthFacts["monthly"]): number | null {
  return monthly.limit > 0 ? (monthly.used * 100) / monthly.limit : null;
}

/** Both levels of a percentage rule that hold: the 80 % one from 80 % on, the 100 % one from 100 %. */
function levels(
  pct: number | null,
  make: (threshold: 80 | 100) => Omit<HealthCondition, "level" | "coveredBy">,
): HealthCondition[] {
  if (pct === null || pct < HEALTH_THRESHOLDS.warnPercent) return [];
  const critical = pct >= HEALTH_THRESHOLDS.criticalPercent ? make(100) : null;
  const warning = { ...make(80), level: "warning" as const, ...(critical ? { coveredBy: critical.key } : {}) };
  return critical ? [warning, { ...critical, level: "critical" }] : [warning];
}

const ago = (now: Date, at: Date | null) => {
  if (!at) return "never";
  const minutes = Math.round((now.getTime() - at.getTime()) / 60_000);
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
};

export function evaluateHealth(f: HealthFacts): HealthCondition[] {
  const t = HEALTH_THRESHOLDS;
  const w = f.webhooks;
  const out: HealthCondition[] = [];
  if ((w.handedOverWithoutCallback ?? 0) > 0) {
    out.push({
      key: "webhooks:callbacks-stopped",
      level: "critical",
      title: "Twilio status callbacks have stopped",
      detail: `No status callback for 15 minutes (last: ${ago(f.now, w.lastCallbackAt)}), while ${count(w.handedOverWithoutCallback!, "text handed to Twilio in the last hour has", "texts handed to Twilio in the last hour have")} had none. Check the status callback URL (PUBLIC_BASE_URL) and the Twilio auth token.`,
    });
  }
  if ((w.deliveredWhileNoInbound ?? 0) >= t.inboundSilenceMinDelivered) {
    out.push({
      key: "webhooks:no-inbound",
      level: "warning",
      title: "No inbound texts for 24 hours",
      detail: `${count(w.deliveredWhileNoInbound!, "text was", "texts were")} delivered in the last 24 hours but no reply arrived (last inbound text: ${ago(f.now, w.lastInboundAt)}). Check the numbers' incoming-message webhook at Twilio.`,
    });
  }
  if (w.waiting >= t.waitingWarnCount) {
    out.push({
      key: "webhooks:waiting",
      level: "warning",
      title: "Texts waiting for a final status",
      detail: `${count(w.waiting, "text has", "texts have")} had no final status for over 10 minutes. Reconciliation looks each one up at Twilio; the Health panel shows what it found.`,
    });
  }
  if (w.refusedSignatures > 0) {
    out.push({
      key: "webhooks:refused-signatures",
      level: "warning",
      title: "Twilio requests refused for a bad signature",
      detail: `${count(w.refusedSignatures, "request naming your numbers was", "requests naming your numbers were")} refused in the last hour (bad X-Twilio-Signature). A changed auth token or public URL causes this; so does a forgery.`,
    });
  }
  const available = numbersAvailable(f.pool);
  const short = f.pool.waitingStaff - available;
  const poolOutlook =
    short > 0
      ? ` ${n(short)} of them will get no number: their texts will go by email (SMS_PHONE_NUMBER_LIMIT_REACHED).`
      : " Once they have all texted, the next permitted staff member will get no number: their texts will go by email (SMS_PHONE_NUMBER_LIMIT_REACHED).";
  out.push(
    ...levels(poolPercent(f.pool), (threshold) => ({
      key: `number-pool:${threshold}`,
      title: threshold === 100 ? (short > 0 ? "Not enough system numbers" : "No spare system numbers") : "System numbers running low",
      detail: `${count(f.pool.waitingStaff, "permitted staff member has", "permitted staff members have")} no number yet and ${count(available, "number is", "numbers are")} available (${n(f.pool.freeNumbers)} free in the pool, ${n(f.pool.assigned)} of ${n(f.pool.limit)} allowed in use).${threshold === 100 ? poolOutlook : ""}`,
    })),
  );
  out.push(
    ...levels(monthlyPercent(f.monthly), (threshold) => ({
      key: `monthly-limit:${threshold}:${f.monthly.month}`,
      period: f.monthly.month,
      title: threshold === 100 ? "Monthly text limit reached" : "Monthly text limit 80 % used",
      detail: `${n(f.monthly.used)} of ${count(f.monthly.limit, "text", "texts")} used this month.${threshold === 100 ? " Further texts go by email (SMS_MONTHLY_LIMIT_REACHED) until the month ends or the limit is raised." : ""}`,
    })),
  );
  return out;
}
