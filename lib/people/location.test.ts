import { describe, expect, it } from "vitest";
import { normalizeStateCode, normalizeTimeZone, stateName, timeZoneOptions, US_STATES, US_TIME_ZONES } from "./location";

describe("normalizeStateCode", () => {
  it.each<[string, string | null]>([
    ["TX", "TX"],
    [" tx ", "TX"],
    ["DC", "DC"],
    ["PR", "PR"],
    ["GU", "GU"],
    ["XX", null],
    ["Texas", null],
    ["T", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(normalizeStateCode(input)).toBe(expected);
  });

  it("knows the 50 states, DC and 5 territories, each once", () => {
    expect(US_STATES).toHaveLength(56);
    expect(new Set(US_STATES.map((s) => s.code)).size).toBe(56);
    expect(stateName("HI")).toBe("Hawaii");
  });
});

describe("normalizeTimeZone", () => {
  it.each<[string, string | null]>([
    ["America/Chicago", "America/Chicago"],
    ["America/Phoenix", "America/Phoenix"],
    ["Pacific/Honolulu", "Pacific/Honolulu"],
    ["america/chicago", "America/Chicago"],
    [" America/Denver ", "America/Denver"],
    ["US/Eastern", "US/Eastern"],
    ["UTC", "UTC"],
    ["EST", null],
    ["CST", null],
    ["+05:00", null],
    ["Mars/Olympus", null],
    ["Central", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(normalizeTimeZone(input)).toBe(expected);
  });
});

describe("timeZoneOptions", () => {
  it("lists the US zones first, then every other zone once", () => {
    const options = timeZoneOptions();
    expect(options.slice(0, US_TIME_ZONES.length).map((o) => o.value)).toEqual(US_TIME_ZONES.map((z) => z.zone));
    expect(options[0]).toEqual({ value: "America/New_York", label: "Eastern — America/New_York", us: true });
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
    expect(options.some((o) => o.value === "Europe/London")).toBe(true);
  });

  it("keeps a stored alias that no list holds", () => {
    expect(timeZoneOptions("US/Eastern")[US_TIME_ZONES.length]).toEqual({ value: "US/Eastern", label: "US/Eastern", us: false });
    expect(timeZoneOptions("America/Chicago").filter((o) => o.value === "America/Chicago")).toHaveLength(1);
  });
});
