import type { HealthReport } from "@/lib/health/institution-health";
import { reconciliationSummary } from "./health-labels";
import { alertsToShow, formatAgo, formatTime } from "./dashboard-format";

const LEVEL_STYLE = {
  critical: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
} as const;

const STATUS_TEXT = { ok: "All clear", warning: "Needs attention", critical: "Action needed" } as const;
const STATUS_STYLE = { ok: "bg-green-100 text-green-900", warning: "bg-amber-100 text-amber-900", critical: "bg-red-100 text-red-900" } as const;

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-x-4 border-b border-slate-100 py-1.5 text-sm last:border-0">
      <dt className="text-slate-600">{label}</dt>
      <dd className="font-medium tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}

/**
 * The Health panel of the Administration home (issue 18): the open alerts (each emailed to the
 * administrators once), then the figures behind the rules — webhooks, the number pool and the
 * monthly limit.
 */
export function HealthPanel({ health, timeZone }: { health: HealthReport; timeZone: string }) {
  const now = new Date(health.checkedAt);
  const w = health.webhooks;
  const pool = health.numberPool;
  const month = health.monthlyLimit;
  const n = (v: number) => v.toLocaleString("en-US");
  const alerts = alertsToShow(health.alerts);
  return (
    <section aria-labelledby="health-heading" className="rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="health-heading" className="text-lg font-semibold text-slate-900">
          Health
        </h2>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_STYLE[health.status]}`}>{STATUS_TEXT[health.status]}</span>
      </div>
      {alerts.length > 0 ? (
        <ul className="mt-3 space-y-2" aria-label="Health alerts">
          {alerts.map((a) => (
            <li key={a.key} className={`rounded-md border px-3 py-2 text-sm ${LEVEL_STYLE[a.level]}`}>
              <p className="font-semibold">
                <span className="sr-only">{a.level === "critical" ? "Critical: " : "Warning: "}</span>
                {a.title}
              </p>
              <p className="mt-0.5">{a.detail}</p>
              <p className="mt-1 text-xs opacity-80">
                Since {formatTime(a.openedAt, timeZone)} · {a.emailedAt ? "administrators emailed" : "administrators will be emailed within a minute"}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">No alerts: webhooks are arriving, numbers and texts are within their limits.</p>
      )}
      <div className="mt-4 grid gap-4 md:grid-cols-3">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Webhooks</h3>
          <dl className="mt-1">
            <Row label="Last status callback" value={formatAgo(w.lastStatusCallbackAt, now)} />
            <Row label="Last inbound text" value={formatAgo(w.lastInboundTextAt, now)} />
            <Row label="Waiting for a final status (over 10 min)" value={n(w.waitingForFinalStatus)} />
            <Row label="Reconciliation, last 24 h" value={reconciliationSummary(w.reconciliationLast24h)} />
            <Row label="Refused signatures, last hour" value={n(w.refusedSignaturesLastHour)} />
          </dl>
        </div>
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Number pool</h3>
          <dl className="mt-1">
            <Row label="Numbers available" value={n(pool.available)} />
            <Row label="Permitted staff without a number" value={n(pool.staffWithoutNumber)} />
            <Row label="In use" value={`${n(pool.assigned)} of ${n(pool.limit)} allowed`} />
            <Row label="Demand" value={pool.percent === null ? (pool.staffWithoutNumber > 0 ? "no number left" : "—") : `${pool.percent}% of available`} />
          </dl>
        </div>
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Monthly limit</h3>
          <dl className="mt-1">
            <Row label="Texts this month" value={`${n(month.used)} of ${n(month.limit)}`} />
            <Row label="Used" value={month.percent === null ? "—" : `${month.percent}%`} />
          </dl>
        </div>
      </div>
    </section>
  );
}
