/** A named date range of the Message Report, as its dateFrom/dateTo filters (YYYY-MM-DD, inclusive). */
export type DatePreset = { label: string; dateFrom: string; dateTo: string };

/** The calendar day of `now` in `timeZone`, as YYYY-MM-DD. */
export function dayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/**
 * Today, the last 7 days (today included) and this month so far, in the institution's time zone
 * — the zone the report's date filters are read in (SPEC §7, issue 15.8).
 */
export function reportDatePresets(now: Date, timeZone: string): DatePreset[] {
  const today = dayIn(now, timeZone);
  return [
    { label: "Today", dateFrom: today, dateTo: today },
    { label: "Last 7 days", dateFrom: daysBefore(today, 6), dateTo: today },
    { label: "This month", dateFrom: `${today.slice(0, 8)}01`, dateTo: today },
  ];
}
