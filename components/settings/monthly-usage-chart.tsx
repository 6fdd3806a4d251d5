type Month = { month: string; sent: number };

function monthName(month: string, style: "short" | "long") {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", { month: style, year: style === "long" ? "numeric" : "2-digit", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

/**
 * Texts counted per month, the last 12 months (SMS Message Limit tab). CSS bars drawn to scale
 * against the larger of the busiest month and the limit, with a dashed line at the limit; the
 * figures are also a table for screen readers.
 */
export function MonthlyUsageChart({ history, limit }: { history: readonly Month[]; limit: number }) {
  const top = Math.max(limit, ...history.map((h) => h.sent), 1);
  const limitPct = (limit / top) * 100;
  return (
    <figure className="mt-4">
      <figcaption className="text-sm font-medium text-slate-800">Texts per month, last 12 months</figcaption>
      <div aria-hidden="true" className="relative mt-3 flex h-40 items-end gap-1 border-b border-slate-300">
        {limit > 0 ? (
          <div className="absolute inset-x-0 border-t border-dashed border-red-500" style={{ bottom: `${limitPct}%` }}>
            <span className="absolute -top-5 right-0 bg-white px-1 text-xs text-red-700">limit {limit.toLocaleString("en-US")}</span>
          </div>
        ) : null}
        {history.map((h) => (
          <div key={h.month} className="flex h-full flex-1 flex-col justify-end" title={`${monthName(h.month, "long")}: ${h.sent.toLocaleString("en-US")}`}>
            <div className={`rounded-t ${h.sent >= limit && limit > 0 ? "bg-red-600" : "bg-blue-600"}`} style={{ height: `${(h.sent / top) * 100}%` }} />
          </div>
        ))}
      </div>
      <div aria-hidden="true" className="mt-1 flex gap-1">
        {history.map((h) => (
          <span key={h.month} className="flex-1 text-center text-[11px] text-slate-600">
            {monthName(h.month, "short")}
          </span>
        ))}
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
              <th scope="row">{monthName(h.month, "long")}</th>
              <td>{h.sent.toLocaleString("en-US")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
