import { localTime } from "./zoned-time";

/**
 * A zone's short everyday name: "Central", "Mountain", "Alaska", "Hawaii-Aleutian" (Intl's
 * generic name without "Time"/"Standard Time"), so people read the recipient's clock as they
 * speak of it. Falls back to the zone id.
 */
export function zoneShortName(timeZone: string, at: Date): string {
  try {
    const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longGeneric" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    if (name && !/^GMT/.test(name)) return name.replace(/ (Standard |Daylight )?Time$/, "");
  } catch {
    // an unknown zone: the id says it best
  }
  return timeZone;
}

/**
 * "Held for quiet hours until 8:00 AM Central" (SPEC §9: a held text is shown with the time it
 * will go), in the recipient's zone; with the date when that is not today there
 * ("until Tue, Dec 8, 8:00 AM Central").
 */
export function heldUntilLabel(heldUntil: Date, timeZone: string, now: Date): string {
  const at = localTime(heldUntil, timeZone);
  const today = localTime(now, timeZone);
  const sameDay = at.year === today.year && at.month === today.month && at.day === today.day;
  const time = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(heldUntil);
  const date = sameDay
    ? ""
    : `${new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", ...(at.year !== today.year ? { year: "numeric" } : {}) }).format(heldUntil)}, `;
  return `Held for quiet hours until ${date}${time} ${zoneShortName(timeZone, heldUntil)}`;
}
