import { describe, expect, it } from "vitest";
import { addDays, dashboardCalendar, localDay, weekStart } from "./weeks";

describe("localDay", () => {
  it.each([
    // 05:59 UTC on a Monday is still Sunday evening in Chicago (UTC−6 in winter).
    ["2026-12-07T05:59:00Z", "America/Chicago", "2026-12-06"],
    ["2026-12-07T06:00:00Z", "America/Chicago", "2026-12-07"],
    // Honolulu is 10 h behind; Tokyo 9 h ahead.
    ["2026-12-07T09:00:00Z", "Pacific/Honolulu", "2026-12-06"],
    ["2026-12-06T15:00:00Z", "Asia/Tokyo", "2026-12-07"],
  ])("%s in %s is %s", (instant, zone, day) => {
    expect(localDay(new Date(instant), zone)).toBe(day);
  });
});

describe("weekStart", () => {
  it.each([
    ["2026-12-07", "2026-12-07"], // a Monday
    ["2026-12-13", "2026-12-07"], // the Sunday after
    ["2026-12-06", "2026-11-30"], // the Sunday before
    ["2027-01-01", "2026-12-28"], // across the year
  ])("%s → %s", (day, monday) => expect(weekStart(day)).toBe(monday));
});

describe("dashboardCalendar", () => {
  it("counts 12 Monday weeks back from the local week, and the local month", () => {
    // Monday 2026-03-02 03:00 UTC is Sunday 1 March 21:00 in Chicago: still February's last week.
    const cal = dashboardCalendar(new Date("2026-03-02T03:00:00Z"), "America/Chicago");
    expect(cal.today).toBe("2026-03-01");
    expect(cal.monthStart).toBe("2026-03-01");
    expect(cal.weeks).toHaveLength(12);
    expect(cal.weeks.at(-1)).toBe("2026-02-23");
    expect(cal.weeks[0]).toBe("2025-12-08");
    expect(cal.from).toBe("2025-12-08");
    for (let i = 1; i < 12; i++) expect(addDays(cal.weeks[i - 1], 7)).toBe(cal.weeks[i]);
    // The same instant in UTC is already Monday, in March's first week.
    expect(dashboardCalendar(new Date("2026-03-02T03:00:00Z"), "UTC").weeks.at(-1)).toBe("2026-03-02");
  });

  it("keeps whole days across a daylight-saving change", () => {
    // US clocks go forward on 2026-03-08; the week of 2026-03-09 starts on that Monday.
    expect(dashboardCalendar(new Date("2026-03-09T05:30:00Z"), "America/Chicago").weeks.at(-1)).toBe("2026-03-09");
    expect(addDays("2026-03-07", 2)).toBe("2026-03-09");
  });
});
