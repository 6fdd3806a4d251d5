"use client";

import { useId } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CurvePoint } from "@/lib/messaging/send/send-outcome-figures";

const n = (v: number) => v.toLocaleString("en-US");

/** A point's time in the sender's zone: the time of day, with the date once the send spans days. */
function timeFormat(points: readonly CurvePoint[], timeZone: string) {
  const span = points.length > 1 ? Date.parse(points[points.length - 1].at) - Date.parse(points[0].at) : 0;
  const options: Intl.DateTimeFormatOptions =
    span > 86_400_000 ? { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone } : { hour: "numeric", minute: "2-digit", timeZone };
  const format = new Intl.DateTimeFormat("en-US", options);
  return (iso: string) => format.format(new Date(iso));
}

/**
 * Texts delivered and failed since the send started, cumulative (recharts: SVG with its
 * keyboard-reachable tooltip). The figure is named and described for screen readers, and the
 * same points are in a table under "Show as a table".
 */
export function DeliveryCurve({ points, total, timeZone }: { points: CurvePoint[]; total: number; timeZone: string }) {
  const titleId = useId();
  const descId = useId();
  const at = timeFormat(points, timeZone);
  const last = points[points.length - 1];
  return (
    <section aria-labelledby={titleId} className="mb-6 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={titleId} className="text-lg font-semibold text-slate-900">
        Delivery over time
      </h2>
      <p id={descId} className="mt-1 text-sm text-slate-600">
        Texts delivered and failed since the send started, out of {n(total)}: by {at(last.at)}, {n(last.delivered)} delivered and {n(last.failed)} failed.
      </p>
      <div className="mt-3 h-64 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer aria-labelledby={titleId} aria-describedby={descId}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="at" tickFormatter={at} minTickGap={24} tick={{ fill: "#475569", fontSize: 12 }} />
            <YAxis allowDecimals={false} domain={[0, Math.max(total, 1)]} tick={{ fill: "#475569", fontSize: 12 }} width={48} />
            <Tooltip labelFormatter={(v) => at(String(v))} formatter={(v, name) => [n(Number(v)), name]} />
            <Legend />
            <Line type="stepAfter" dataKey="delivered" name="Delivered" stroke="#047857" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line type="stepAfter" dataKey="failed" name="Failed" stroke="#b91c1c" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-blue-700">Show as a table</summary>
        <div className="mt-2 max-h-64 overflow-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Delivery over time</caption>
            <thead>
              <tr>
                <th scope="col" className="px-2 py-1 font-semibold text-slate-700">
                  Time
                </th>
                <th scope="col" className="px-2 py-1 text-right font-semibold text-slate-700">
                  Delivered
                </th>
                <th scope="col" className="px-2 py-1 text-right font-semibold text-slate-700">
                  Failed
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.at}>
                  <th scope="row" className="whitespace-nowrap px-2 py-1 font-normal">
                    {at(p.at)}
                  </th>
                  <td className="px-2 py-1 text-right tabular-nums">{n(p.delivered)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{n(p.failed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
