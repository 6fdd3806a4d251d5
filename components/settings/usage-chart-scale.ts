/**
 * The Twilio tab chart's scale (issue 15.12): drawn to the data, so a month of 12 texts is a
 * readable bar under a 5,000 limit. The limit line shows only when the busiest month reaches
 * half of it (`NEAR_LIMIT`); then the scale reaches the limit too, so the line sits on it.
 */
export const NEAR_LIMIT = 0.5;

export type ChartScale = {
  /** The value at the top of the plot. */
  top: number;
  /** Where to draw the limit line (percent of the plot's height), or null when usage is far from it. */
  limitPct: number | null;
  /** Gridline values from 0 to `top`, for the axis labels. */
  ticks: number[];
};

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1): round axis tops. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function chartScale(sent: readonly number[], limit: number): ChartScale {
  const busiest = Math.max(0, ...sent);
  const near = limit > 0 && busiest >= limit * NEAR_LIMIT;
  const top = near ? Math.max(limit, niceCeiling(busiest)) : niceCeiling(Math.max(busiest, 1));
  const step = top / 2;
  const ticks = Number.isInteger(step) ? [0, step, top] : [0, top];
  return { top, limitPct: near ? (limit / top) * 100 : null, ticks };
}

/** "Jan 2026" from "2026-01-01". */
export function shortMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}
