/*
 * Wall-clock times in a named zone, for "Send later" (SPEC §9: shown in the sender's time zone
 * with the recipients' local times). Pure, so the composer runs them in the browser too.
 */

function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the clocks of `timeZone` read `local` ("YYYY-MM-DDTHH:mm", as a
 * datetime-local input gives it); null when it is not such a string. A time the clocks skip
 * (the spring-forward hour) is read with the offset before the change, so it lands an hour
 * later; a time they show twice (the fall-back hour) is the first of the two.
 */
export function zonedLocalToInstant(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(wall)) return null;
  // The zone's offsets a day before and a day after: a wall time is one of them (both on the
  // day clocks fall back, neither in the hour they skip).
  const before = offsetMs(new Date(wall - 86_400_000), timeZone);
  const after = offsetMs(new Date(wall + 86_400_000), timeZone);
  const valid = [before, after].map((o) => wall - o).filter((t) => offsetMs(new Date(t), timeZone) === wall - t);
  return new Date(valid.length > 0 ? Math.min(...valid) : wall - before);
}

/** `instant` as "YYYY-MM-DDTHH:mm" on the clocks of `timeZone` (a datetime-local input's value). */
export function instantToZonedLocal(instant: Date, timeZone: string): string {
  const shifted = new Date(Math.floor(instant.getTime() / 60_000) * 60_000 + offsetMs(instant, timeZone));
  return shifted.toISOString().slice(0, 16);
}

/** "Tue, Nov 3, 9:00 AM CST": a time as a person in `timeZone` reads it. */
export function formatInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(instant);
}
