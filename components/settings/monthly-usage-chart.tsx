import { chartScale, shortMonth } from "./usage-chart-scale";

type Month = { month: string; sent: number };

const n = (value: number) => value.toLocaleString("en-US");

function longMonth(month: string) {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * Texts counted per month, the last 12 months (SMS Message Limit tab). CSS bars drawn to the
 * data's own scale (usage-chart-scale.ts), each with its count, so small counts read; the limit
 * line, labelled, only once the busiest month nears the limit (issue 15.12). Month labels
 * "Jan 2026". The figures are also a table for screen readers.
 */
export function MonthlyUsageChart({ history, limit }: { history: readonly Month[]; limit: number }) {
  const scale = chartScale(
    history.map((h) => h.sent),
    limit,
  );
  const pct = (value: number) => `${(value / scale.top) * 100}%`;
  return (
    <figure className="mt-4">
      <figcaption className="text-sm font-medium text-slate-800">Texts per month, last 12 months</figcaption>
      {scale.limitPct === null && limit > 0 ? (
        <p className="mt-1 text-xs text-slate-600">Far below the limit of {n(limit)} a month; the scale fits the counts.</p>
      ) : null}
      <div className="mt-3 flex gap-2">
        <div aria-hidden="true" className="relative h-40 w-10 shrink-0 text-right text-[11px] text-slate-600">
          {scale.ticks.map((t) => (
            <span key={t} className="absolute right-0 translate-y-1/2" style={{ bottom: pct(t) }}>
              {n(t)}
            </span>
          ))}
        </div>
        <div className="min-w-0 flex-1">
          <div data-testid="usage-plot" aria-hidden="true" className="relative flex h-40 items-end gap-1 border-b border-l border-slate-300">
            {scale.ticks.slice(1).map((t) => (
              <div key={t} className="absolute inset-x-0 border-t border-slate-100" style={{ bottom: pct(t) }} />
            ))}
            {scale.limitPct !== null ? (
              <div data-testid="usage-limit-line" className="absolute inset-x-0 z-10 border-t-2 border-dashed border-red-600" style={{ bottom: `${scale.limitPct}%` }}>
                <span className="absolute -top-5 right-0 rounded bg-white px-1 text-xs font-medium text-red-800">Limit {n(limit)}</span>
              </div>
            ) : null}
            {history.map((h) => (
              <div key={h.month} className="relative flex h-full min-w-0 flex-1 flex-col justify-end" title={`${longMonth(h.month)}: ${n(h.sent)}`}>
                {h.sent > 0 ? <span className="mb-0.5 text-center text-[10px] leading-none text-slate-700">{n(h.sent)}</span> : null}
                <div
                  data-testid={`usage-bar-${h.month}`}
                  className={`rounded-t ${h.sent >= limit && limit > 0 ? "bg-red-600" : "bg-blue-600"}`}
                  style={{ height: pct(h.sent) }}
                />
              </div>
            ))}
          </div>
          <div aria-hidden="true" className="mt-1 flex gap-1">
            {/* Narrow screens label every third month: "Jan 2026" needs about three columns there. */}
            {history.map((h, i) => (
              <span
                key={h.month}
                className={`flex min-w-0 flex-1 justify-center whitespace-nowrap text-[10px] leading-tight text-slate-600 ${i % 3 !== 0 ? "max-sm:invisible" : ""}`}
              >
                {shortMonth(h.month)}
              </span>
            ))}
          </div>
        </div>
      </div>
      <table className="sr-only">
        <caption>Texts per month, last 12 months</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Texts</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.month}>
              <th scope="row">{longMonth(h.month)}</th>
              <td>{n(h.sent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
