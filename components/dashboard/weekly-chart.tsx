"use client";

import { useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatShare, weekLabel, weekOfLabel } from "./dashboard-format";

export type ChartSeries = { key: string; name: string; color: string };
export type ChartRow = { week: string } & Record<string, number | string | null>;

/**
 * One of the dashboard's charts over the last 12 weeks (issue 18), drawn by recharts as SVG:
 * bars (side by side, or `stacked`) or lines of shares (`percent`). Accessible: the figure is
 * named by its title and described by its description, the SVG carries both (recharts'
 * accessibility layer makes it keyboard-focusable, its tooltip read out), and the same figures
 * are a table under "Show as a table" for screen readers and anyone who prefers numbers.
 */
export function WeeklyChart({
  title,
  description,
  rows,
  series,
  kind,
}: {
  title: string;
  description: string;
  rows: readonly ChartRow[];
  series: readonly ChartSeries[];
  kind: "bars" | "stacked" | "percent";
}) {
  const id = useId();
  // The table is rendered once opened: closed, it would only add work for every page load (and
  // for axe, which reads hidden content too).
  const [tableOpen, setTableOpen] = useState(false);
  const empty = rows.every((r) => series.every((s) => !r[s.key]));
  const format = (v: unknown) => (typeof v !== "number" ? "—" : kind === "percent" ? formatShare(v) : v.toLocaleString("en-US"));
  const axis = {
    tick: { fontSize: 11, fill: "#475569" },
    stroke: "#cbd5e1",
  };
  const common = { data: rows as ChartRow[], title, desc: description, margin: { top: 8, right: 8, bottom: 0, left: 0 } };
  const xAxis = <XAxis dataKey="week" tickFormatter={weekLabel} {...axis} interval="preserveStartEnd" minTickGap={12} />;
  const yAxis =
    kind === "percent" ? (
      <YAxis domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} width={40} {...axis} />
    ) : (
      <YAxis allowDecimals={false} width={48} {...axis} tickFormatter={(v: number) => v.toLocaleString("en-US")} />
    );
  const tooltip = <Tooltip labelFormatter={(w) => weekOfLabel(String(w))} formatter={(v) => format(v)} />;
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
      <figcaption>
        <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        <p id={`${id}-desc`} className="mt-0.5 text-xs text-slate-600">
          {description}
        </p>
        {empty ? <p className="mt-1 text-xs font-medium text-slate-700">Nothing to show in these 12 weeks yet.</p> : null}
      </figcaption>
      <div className="mt-3 h-52" data-testid="dashboard-chart">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 208 }}>
          {kind === "percent" ? (
            <LineChart {...common}>
              <CartesianGrid stroke="#f1f5f9" vertical={false} />
              {xAxis}
              {yAxis}
              {tooltip}
              {series.map((s) => (
                <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          ) : (
            <BarChart {...common}>
              <CartesianGrid stroke="#f1f5f9" vertical={false} />
              {xAxis}
              {yAxis}
              {tooltip}
              {series.map((s) => (
                <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} stackId={kind === "stacked" ? "all" : undefined} isAnimationActive={false} />
              ))}
            </BarChart>
          )}
        </ResponsiveContainer>
      </div>
      {/* The legend as text, in the series' order (recharts' own draws an SVG per entry). */}
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label={`${title}: series`}>
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block h-2.5 w-2.5 shrink-0 rounded-sm" style={{ backgroundColor: s.color }} />
            {s.name}
          </li>
        ))}
      </ul>
      <details className="mt-2 text-xs text-slate-700" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Show as a table</summary>
        {tableOpen ? (
          <div className="mt-2 overflow-x-auto" role="group" aria-label={`${title}, as a table`} tabIndex={0}>
            <table className="w-full text-left">
              <caption className="sr-only">{title}</caption>
              <thead>
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1 pr-3 font-medium">
                    Week of
                  </th>
                  {series.map((s) => (
                    <th key={s.key} scope="col" className="py-1 pr-3 text-right font-medium">
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.week} className="border-b border-slate-100">
                    <th scope="row" className="whitespace-nowrap py-1 pr-3 font-normal">
                      {weekOfLabel(r.week)}
                    </th>
                    {series.map((s) => (
                      <td key={s.key} className="py-1 pr-3 text-right tabular-nums">
                        {format(r[s.key])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </details>
    </figure>
  );
}
