/*
 * The figures of a send's results page (issue 18 item 1), from the counts the database gives:
 * pure, so every rounding and every bucket is tested without a database.
 */

/** `n` of `of` in percent, to one decimal; null when there is nothing to divide by. */
export function percentOf(n: number, of: number): number | null {
  if (of <= 0) return null;
  return Math.round((n / of) * 1000) / 10;
}

export type CurvePoint = { at: string; delivered: number; failed: number };

/** Bucket widths in minutes, smallest first: the curve takes the first that fits MAX_POINTS. */
const BUCKET_MINUTES = [1, 5, 15, 30, 60, 180, 360, 720, 1440, 10_080] as const;
const MAX_POINTS = 48;
const MINUTE = 60_000;

/**
 * The cumulative delivery curve: texts delivered and failed by each point in time, from the
 * minute the send started (0, 0) to the first point after its last final status, at most
 * MAX_POINTS + 1 points (wider buckets for longer sends: 1, 5, 15, 30 minutes … a week).
 * `minutes` are per-minute counts (each `minute` the start of its minute).
 */
export function buildDeliveryCurve(minutes: readonly { minute: Date; delivered: number; failed: number }[], startedAt: Date): CurvePoint[] {
  const origin = Math.floor(startedAt.getTime() / MINUTE) * MINUTE;
  const sorted = [...minutes].sort((a, b) => a.minute.getTime() - b.minute.getTime());
  const last = sorted.length > 0 ? Math.max(origin, sorted[sorted.length - 1].minute.getTime()) : origin;
  const spanMinutes = (last - origin) / MINUTE + 1;
  const bucket = BUCKET_MINUTES.find((b) => Math.ceil(spanMinutes / b) <= MAX_POINTS) ?? BUCKET_MINUTES[BUCKET_MINUTES.length - 1];
  const steps = Math.ceil(spanMinutes / bucket);
  const points: CurvePoint[] = [];
  let i = 0;
  let delivered = 0;
  let failed = 0;
  for (let k = 0; k <= steps; k++) {
    const at = origin + k * bucket * MINUTE;
    while (i < sorted.length && sorted[i].minute.getTime() < at) {
      delivered += sorted[i].delivered;
      failed += sorted[i].failed;
      i++;
    }
    points.push({ at: new Date(at).toISOString(), delivered, failed });
  }
  return points;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": a duration as a person reads it. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  if (h < 24) return minutes % 60 === 0 ? `${h} h` : `${h} h ${minutes % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}
