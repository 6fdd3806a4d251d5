import { describe, expect, it } from "vitest";
import { monthStartInZone } from "./month";

describe("monthStartInZone", () => {
  it.each([
    ["2026-12-01T05:59:59Z", "America/Chicago", "2026-11-01"], // 23:59:59 on Nov 30 in Chicago
    ["2026-12-01T06:00:00Z", "America/Chicago", "2026-12-01"],
    ["2026-12-31T23:30:00Z", "Asia/Tokyo", "2027-01-01"],
    ["2027-01-01T07:59:00Z", "America/Los_Angeles", "2026-12-01"],
    ["2026-03-15T12:00:00Z", "UTC", "2026-03-01"],
  ])("%s in %s → %s", (iso, tz, expected) => {
    expect(monthStartInZone(new Date(iso), tz)).toBe(expected);
  });
});
