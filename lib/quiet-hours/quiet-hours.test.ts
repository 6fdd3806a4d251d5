import { describe, expect, it } from "vitest";
import { allowedWindow, isOpen, nextOpen, windowEnd, type RecipientLocation } from "./index";
import { heldUntilLabel, zoneShortName } from "./held-label";

const at = (iso: string) => new Date(iso);
const where = (timeZone: string, state: string | null = null): RecipientLocation => ({ timeZones: [timeZone], state, source: "PERSON" });
const hm = (w: { start: number; end: number } | null) => (w ? `${w.start / 60}-${w.end / 60}` : "none");

// SPEC §9's table, row by row: Sunday first.
describe("allowedWindow: the SPEC §9 table", () => {
  it.each([
    [null, ["8-21", "8-21", "8-21", "8-21", "8-21", "8-21", "8-21"]],
    ["NY", ["8-21", "8-21", "8-21", "8-21", "8-21", "8-21", "8-21"]],
    ...["FL", "OK", "MD", "MS", "NJ", "WA"].map((s) => [s, Array(7).fill("8-20")] as const),
    ["CT", Array(7).fill("9-20")],
    ["TX", ["12-21", "9-21", "9-21", "9-21", "9-21", "9-21", "9-21"]],
    ["RI", ["10-17", "9-18", "9-18", "9-18", "9-18", "9-18", "10-17"]],
    ["AL", ["none", "8-21", "8-21", "8-21", "8-21", "8-21", "8-21"]],
    ["LA", ["none", "8-21", "8-21", "8-21", "8-21", "8-21", "8-21"]],
  ] as const)("%s", (state, week) => {
    expect([0, 1, 2, 3, 4, 5, 6].map((d) => hm(allowedWindow(state, d)))).toEqual(week);
  });

  it("the institution's narrowing shortens the window and never widens it", () => {
    expect(hm(allowedWindow("CT", 1, { startMinute: 10 * 60, endMinute: 22 * 60 }))).toBe("10-20");
    expect(hm(allowedWindow(null, 1, { startMinute: 6 * 60, endMinute: 19 * 60 }))).toBe("8-19");
    expect(hm(allowedWindow("RI", 0, { startMinute: 17 * 60, endMinute: null }))).toBe("none");
  });
});

describe("isOpen / nextOpen / windowEnd", () => {
  // 2026-12-07 is a Monday; New York is UTC-5 in December.
  it("New York: open at 20:55, closed at 21:05 and held until 08:00 the next day", () => {
    const ny = where("America/New_York");
    expect(isOpen(at("2026-12-08T01:55:00Z"), ny)).toBe(true);
    expect(windowEnd(at("2026-12-08T01:55:00Z"), ny)).toEqual(at("2026-12-08T02:00:00Z"));
    expect(isOpen(at("2026-12-08T02:05:00Z"), ny)).toBe(false);
    expect(nextOpen(at("2026-12-08T02:05:00Z"), ny)).toEqual(at("2026-12-08T13:00:00Z"));
    expect(windowEnd(at("2026-12-08T02:05:00Z"), ny)).toEqual(at("2026-12-09T02:00:00Z"));
  });

  it("opens exactly at the start and closes exactly at the end", () => {
    const chicago = where("America/Chicago");
    expect(isOpen(at("2026-12-07T13:59:59Z"), chicago)).toBe(false);
    expect(isOpen(at("2026-12-07T14:00:00Z"), chicago)).toBe(true);
    expect(isOpen(at("2026-12-08T02:59:59Z"), chicago)).toBe(true);
    expect(isOpen(at("2026-12-08T03:00:00Z"), chicago)).toBe(false);
  });

  it("Alabama on a Saturday night waits until Monday 08:00 (no window on Sunday)", () => {
    // Saturday 2026-12-12 21:30 CST
    expect(nextOpen(at("2026-12-13T03:30:00Z"), where("America/Chicago", "AL"))).toEqual(at("2026-12-14T14:00:00Z"));
  });

  it("Texas on a Sunday morning waits until noon", () => {
    // Sunday 2026-12-13 09:30 CST
    expect(nextOpen(at("2026-12-13T15:30:00Z"), where("America/Chicago", "TX"))).toEqual(at("2026-12-13T18:00:00Z"));
  });

  it("Rhode Island on a Friday at 18:00 waits until Saturday 10:00 and closes at 17:00", () => {
    const ri = where("America/New_York", "RI");
    expect(isOpen(at("2026-12-11T23:00:00Z"), ri)).toBe(false);
    expect(nextOpen(at("2026-12-11T23:00:00Z"), ri)).toEqual(at("2026-12-12T15:00:00Z"));
    expect(windowEnd(at("2026-12-11T23:00:00Z"), ri)).toEqual(at("2026-12-12T22:00:00Z"));
  });

  it("Arizona keeps standard time in summer; Hawaii never changes", () => {
    expect(nextOpen(at("2026-07-07T14:00:00Z"), where("America/Phoenix"))).toEqual(at("2026-07-07T15:00:00Z"));
    expect(nextOpen(at("2026-03-08T17:00:00Z"), where("Pacific/Honolulu"))).toEqual(at("2026-03-08T18:00:00Z"));
  });

  it("DST: the window after the spring-forward and fall-back nights opens at 08:00 local", () => {
    // 2026-03-08: New York goes to EDT (UTC-4); 2026-11-01: back to EST (UTC-5).
    expect(nextOpen(at("2026-03-08T02:00:00Z"), where("America/New_York"))).toEqual(at("2026-03-08T12:00:00Z"));
    expect(nextOpen(at("2026-11-01T02:00:00Z"), where("America/New_York"))).toEqual(at("2026-11-01T13:00:00Z"));
    expect(windowEnd(at("2026-11-01T02:00:00Z"), where("America/New_York"))).toEqual(at("2026-11-02T02:00:00Z"));
  });

  it("several zones (Alaska's 907): the latest start and the earliest end", () => {
    const alaska: RecipientLocation = { timeZones: ["America/Adak", "America/Anchorage"], state: null, source: "AREA_CODE" };
    // Anchorage is UTC-9, Adak UTC-10 in December: Adak's 08:00 is Anchorage's 09:00.
    expect(nextOpen(at("2026-12-07T12:00:00Z"), alaska)).toEqual(at("2026-12-07T18:00:00Z"));
    expect(windowEnd(at("2026-12-07T12:00:00Z"), alaska)).toEqual(at("2026-12-08T06:00:00Z"));
  });

  it("a narrowing that leaves no window is an error, not a loop", () => {
    expect(() => nextOpen(at("2026-12-07T12:00:00Z"), where("America/New_York", "RI"), { startMinute: 19 * 60, endMinute: null })).toThrow(
      /no allowed window/,
    );
  });
});

describe("heldUntilLabel", () => {
  it("reads the recipient's clock, with the date only when it is not today there", () => {
    expect(heldUntilLabel(at("2026-12-07T14:00:00Z"), "America/Chicago", at("2026-12-07T12:00:00Z"))).toBe(
      "Held for quiet hours until 8:00 AM Central",
    );
    expect(heldUntilLabel(at("2026-12-08T14:00:00Z"), "America/Chicago", at("2026-12-08T03:30:00Z"))).toBe(
      "Held for quiet hours until Tue, Dec 8, 8:00 AM Central",
    );
  });

  it("names zones as people say them", () => {
    const d = at("2026-12-07T12:00:00Z");
    expect(["America/New_York", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"].map((z) => zoneShortName(z, d))).toEqual([
      "Eastern",
      "Mountain",
      "Mountain",
      "Pacific",
      "Alaska",
      "Hawaii-Aleutian",
    ]);
  });
});
