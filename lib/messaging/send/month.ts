/**
 * First day (YYYY-MM-01) of the calendar month that `now` falls in, in the institution's time
 * zone: the SMS Message Limit counts per calendar month there (SPEC §3, §4.4).
 */
export function monthStartInZone(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(now);
  const year = parts.find((p) => p.type === "year")!.value;
  const month = parts.find((p) => p.type === "month")!.value;
  return `${year}-${month}-01`;
}
