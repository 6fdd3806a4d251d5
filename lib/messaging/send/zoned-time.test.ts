import { describe, expect, it } from "vitest";
import { formatInZone, instantToZonedLocal, zonedLocalToInstant } from "./zoned-time";

describe("zonedLocalToInstant", () => {
  it.each([
    ["2026-11-03T09:00", "America/Chicago", "2026-11-03T15:00:00.000Z"],
    ["2026-07-03T09:00", "America/Chicago", "2026-07-03T14:00:00.000Z"],
    ["2026-07-03T09:00", "America/Phoenix", "2026-07-03T16:00:00.000Z"],
    ["2026-07-03T09:00", "Pacific/Honolulu", "2026-07-03T19:00:00.000Z"],
    ["2026-07-03T09:00", "UTC", "2026-07-03T09:00:00.000Z"],
    // The fall-back hour is shown twice: the first (still daylight time).
    ["2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    // The spring-forward hour does not exist: read with the offset before the change (an hour later).
    ["2026-03-08T02:30", "America/New_York", "2026-03-08T07:30:00.000Z"],
    ["2026-03-08T03:00", "America/New_York", "2026-03-08T07:00:00.000Z"],
  ])("%s in %s is %s", (local, zone, iso) => {
    expect(zonedLocalToInstant(local, zone)!.toISOString()).toBe(iso);
  });

  it("refuses what is not a datetime-local value", () => {
    expect(zonedLocalToInstant("2026-11-03 09:00", "UTC")).toBeNull();
    expect(zonedLocalToInstant("", "UTC")).toBeNull();
  });

  it("round-trips with instantToZonedLocal and formats for a reader in the zone", () => {
    const at = new Date("2026-11-03T15:00:00Z");
    expect(instantToZonedLocal(at, "America/Chicago")).toBe("2026-11-03T09:00");
    expect(instantToZonedLocal(at, "Pacific/Honolulu")).toBe("2026-11-03T05:00");
    expect(formatInZone(at, "America/Chicago")).toBe("Tue, Nov 3, 9:00 AM CST");
  });
});
