import type { Dashboard } from "@/lib/dashboard/shape-dashboard";
import { formatShare, formatTime } from "./dashboard-format";
import { WeeklyChart, type ChartRow, type ChartSeries } from "./weekly-chart";

const PALETTE = ["#2563eb", "#059669", "#d97706", "#db2777", "#7c3aed"];
const OTHERS = "#64748b";
/** Series of the two "top" charts; the rest are summed as one. */
const TOP = 5;

/** The top entries as series and one for the rest, with each week's values under keys s0…sN. */
function topSeries(
  weeks: readonly string[],
  items: readonly { name: string; weekly: readonly number[] }[],
  othersName: string,
): { series: ChartSeries[]; rows: ChartRow[] } {
  const top = items.slice(0, TOP);
  const rest = items.slice(TOP);
  const series: ChartSeries[] = top.map((item, i) => ({ key: `s${i}`, name: item.name, color: PALETTE[i] }));
  if (rest.length > 0) series.push({ key: "others", name: othersName, color: OTHERS });
  const rows = weeks.map((week, w) => {
    const row: ChartRow = { week };
    top.forEach((item, i) => (row[`s${i}`] = item.weekly[w]));
    if (rest.length > 0) row.others = rest.reduce((sum, item) => sum + item.weekly[w], 0);
    return row;
  });
  return { series, rows };
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
      {hint ? <dd className="text-xs text-slate-600">{hint}</dd> : null}
    </div>
  );
}

/**
 * The institution's dashboard (issue 18): this month's figures, then a chart per figure over the
 * last 12 weeks, weeks and month in the institution's time zone.
 */
export function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const d = dashboard;
  const weeks = d.weeks.map((w) => w.week);
  const n = (v: number) => v.toLocaleString("en-US");
  const reasons = topSeries(weeks, d.failureReasons.map((r) => ({ name: r.label, weekly: r.weekly })), "Other reasons");
  const staff = topSeries(weeks, d.staff.map((s) => ({ name: s.name, weekly: s.weeklySends })), "Everyone else");
  const monthName = new Intl.DateTimeFormat("en-US", { month: "long", timeZone: "UTC" }).format(new Date(`${d.month.start}T12:00:00Z`));
  return (
    <section aria-labelledby="dashboard-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="dashboard-heading" className="text-lg font-semibold text-slate-900">
          This month ({monthName})
        </h2>
        {d.asOf ? <p className="text-xs text-slate-600">Figures as of {formatTime(d.asOf, d.timeZone)}, recomputed every 5 minutes.</p> : null}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Figure label="Texts sent" value={n(d.month.texts)} />
        <Figure label="Emails sent" value={n(d.month.emails)} />
        <Figure label="Delivery rate" value={formatShare(d.month.deliveryRate)} hint={`${n(d.month.delivered)} of ${n(d.month.delivered + d.month.failed)} with a final status`} />
        <Figure label="Reply rate" value={formatShare(d.month.replyRate)} hint="answered within 24 hours" />
        <Figure label="Opt-outs" value={n(d.month.optOuts)} />
      </dl>
      <div className="grid gap-4 lg:grid-cols-2">
        <WeeklyChart
          title="Texts and emails per week"
          description="Texts and emails sent each week (Monday to Sunday), the last 12 weeks."
          kind="bars"
          rows={d.weeks.map((w) => ({ week: w.week, texts: w.texts, emails: w.emails }))}
          series={[
            { key: "texts", name: "Texts", color: PALETTE[0] },
            { key: "emails", name: "Emails", color: PALETTE[2] },
          ]}
        />
        <WeeklyChart
          title="Delivery and reply rates"
          description="Of the texts with a final status, the share delivered; of all texts, the share answered within 24 hours."
          kind="percent"
          rows={d.weeks.map((w) => ({ week: w.week, delivery: w.deliveryRate, reply: w.replyRate }))}
          series={[
            { key: "delivery", name: "Delivery rate", color: PALETTE[1] },
            { key: "reply", name: "Reply rate", color: PALETTE[4] },
          ]}
        />
        <WeeklyChart
          title="Opt-outs per week"
          description="People who texted STOP (or whose carrier reported them unsubscribed) each week."
          kind="bars"
          rows={d.weeks.map((w) => ({ week: w.week, optOuts: w.optOuts }))}
          series={[{ key: "optOuts", name: "Opt-outs", color: PALETTE[3] }]}
        />
        <WeeklyChart
          title="Top failure reasons"
          description={
            d.failureReasons.length > 0
              ? `Failed, undelivered and refused messages each week by reason; the most frequent: ${d.failureReasons[0].label} (${n(d.failureReasons[0].total)}).`
              : "Failed, undelivered and refused messages each week by reason: none in the last 12 weeks."
          }
          kind="stacked"
          rows={reasons.rows}
          series={reasons.series}
        />
        <WeeklyChart
          title="Sends per staff member"
          description={
            d.staff.length > 0
              ? `Sends (one press of Send each) per week by the ${Math.min(TOP, d.staff.length)} staff members who sent most, and everyone else.`
              : "Sends per week by staff member: none in the last 12 weeks."
          }
          kind="stacked"
          rows={staff.rows}
          series={staff.series}
        />
      </div>
    </section>
  );
}
