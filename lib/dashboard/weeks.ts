/**
 * The dashboard's calendar (issue 18): days, weeks (Monday to Sunday) and the month in the
 * institution's time zone, as YYYY-MM-DD strings, so "this week" and "this month" turn over at
 * local midnight whatever the server's zone. Pure: `now` and the zone are arguments.
 */

/** How many weeks the dashboard's charts cover, the current (partial) week included. */
export const DASHBOARD_WEEKS = 12;

/** The calendar day `instant` falls on in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** `day` moved by `days` calendar days (plain date arithmetic: no zone, no daylight saving). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday of the week `day` is in (ISO weeks, as PostgreSQL's date_trunc('week')). */
export function weekStart(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

export type DashboardCalendar = {
  /** Today in the institution's zone. */
  today: string;
  /** The Mondays of the last DASHBOARD_WEEKS weeks, oldest first; the last is this week's. */
  weeks: string[];
  /** The first day of this month. */
  monthStart: string;
  /** The first day any chart reads (the oldest week's Monday). */
  from: string;
};

export function dashboardCalendar(now: Date, timeZone: string): DashboardCalendar {
  const today = localDay(now, timeZone);
  const current = weekStart(today);
  const weeks = Array.from({ length: DASHBOARD_WEEKS }, (_, i) => addDays(current, -7 * (DASHBOARD_WEEKS - 1 - i)));
  return { today, weeks, monthStart: `${today.slice(0, 8)}01`, from: weeks[0] };
}
