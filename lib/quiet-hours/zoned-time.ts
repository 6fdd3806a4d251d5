/*
 * Wall time in an IANA zone, with Intl only (SPEC §9). Node ships full ICU, and the conversions
 * quiet hours need are two: an instant's local date and minute, and the instant of a local date
 * and minute. A tz library (Luxon, @date-fns/tz) would add a dependency for exactly these.
 */

/** A calendar date, independent of any zone. */
export type LocalDate = { year: number; month: number; day: number };

/** An instant's wall time in a zone: its date, weekday (0 = Sunday) and minute after midnight. */
export type LocalTime = LocalDate & { weekday: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `instant` in `timeZone`, seconds included (for offsets). */
function wallFields(instant: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The instant's local date, weekday and minute after midnight in `timeZone`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const w = wallFields(instant, timeZone);
  return {
    year: w.year,
    month: w.month,
    day: w.day,
    weekday: new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay(),
    minute: w.hour * 60 + w.minute,
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds (local = UTC + offset). */
function offsetMs(instant: Date, timeZone: string): number {
  const w = wallFields(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant.getTime() - instant.getUTCMilliseconds());
}

/** The date `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The weekday of a date (0 = Sunday). */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/**
 * The first instant at which the clocks of `timeZone` read `minute` after midnight on `date` or
 * later: a wall time skipped by a spring-forward jump is taken at the jump (a window opening at
 * 02:30 on the second Sunday of March in New York opens at 03:00 EDT, when the clocks first read
 * past it); a wall time that happens twice in the autumn is taken the first time. `minute` may
 * be 1440 (the next midnight).
 */
export function instantAt(date: LocalDate, minute: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * 60_000;
  // The offsets either side of `wall`: a day away spans any transition of a real zone.
  const before = offsetMs(new Date(wall - 86_400_000), timeZone);
  const after = offsetMs(new Date(wall + 86_400_000), timeZone);
  const wallOf = (t: number) => t + offsetMs(new Date(t), timeZone);
  const candidates = [wall - before, wall - after].filter((t) => wallOf(t) === wall).sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // In a gap: the clocks read before `wall` at `lo` and past it at `hi`; find the jump.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (mid <= lo) break;
    if (wallOf(mid) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
