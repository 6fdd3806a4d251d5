import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowedWindow, isOpen, nextOpen, windowEnd, type QuietNarrowing, type RecipientLocation } from "./index";
import { localTime } from "./zoned-time";

/*
 * Issue 16 item 6: quiet hours over random instants, zones and states, DST nights weighted in.
 * The oracle reads the recipient's clock with Intl and the SPEC §9 table, nothing else.
 */

const ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"];
const STATES = [null, "NY", "CA", "AZ", "HI", "AK", "FL", "OK", "MD", "MS", "NJ", "WA", "CT", "TX", "RI", "AL", "LA"];
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Sunday `nth` of a month (1-based), at 12:00 UTC: the US transition nights are around it. */
function nthSunday(year: number, month: number, nth: number): number {
  const first = new Date(Date.UTC(year, month - 1, 1, 12));
  return first.getTime() + (((7 - first.getUTCDay()) % 7) + (nth - 1) * 7) * DAY;
}

const anyInstant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2029, 0, 1) });
/** Within a day and a half of a spring-forward or fall-back night, to the second. */
const nearDst = fc
  .tuple(fc.integer({ min: 2025, max: 2028 }), fc.boolean(), fc.integer({ min: -36 * 3600, max: 36 * 3600 }))
  .map(([year, spring, seconds]) => (spring ? nthSunday(year, 3, 2) : nthSunday(year, 11, 1)) + seconds * 1000);
const instant = fc.oneof(anyInstant, nearDst).map((ms) => new Date(ms));

const narrowing: fc.Arbitrary<QuietNarrowing> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ startMinute: null, endMinute: null }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.option(fc.integer({ min: 0, max: 600 }), { nil: null }), fc.option(fc.integer({ min: 900, max: 1440 }), { nil: null }))
      .map(([startMinute, endMinute]) => ({ startMinute, endMinute })),
  },
);

const location: fc.Arbitrary<RecipientLocation> = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 2 }), fc.constantFrom(...STATES))
  .map(([timeZones, state]) => ({ timeZones, state, source: "PERSON" as const }));

/** The table, read on the recipient's clock in every zone of theirs. */
function oracle(t: Date, loc: RecipientLocation, n: QuietNarrowing): boolean {
  return loc.timeZones.every((z) => {
    const local = localTime(t, z);
    const w = allowedWindow(loc.state, local.weekday, n);
    return w !== null && local.minute >= w.start && local.minute < w.end;
  });
}

/** Windows of zones an hour or more apart may not overlap on some days under a narrowing: skip those. */
function hasCommonWindow(t: Date, loc: RecipientLocation, n: QuietNarrowing): boolean {
  try {
    nextOpen(t, loc, n);
    return true;
  } catch {
    return false;
  }
}

const runs = { numRuns: 400 };

describe("quiet hours: properties (SPEC §9)", () => {
  it("isOpen agrees with the table on the recipient's clock", () => {
    fc.assert(fc.property(instant, location, narrowing, (t, loc, n) => isOpen(t, loc, n) === oracle(t, loc, n)), { numRuns: 2000 });
  });

  it("nextOpen(t) is open, not before t, and nothing between t and it is open", () => {
    fc.assert(
      fc.property(instant, location, narrowing, (t, loc, n) => {
        fc.pre(hasCommonWindow(t, loc, n));
        const next = nextOpen(t, loc, n);
        expect(next.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(oracle(next, loc, n)).toBe(true);
        if (next > t) {
          // Windows open on whole minutes: every minute from t up to the start, and the second before it, is closed.
          expect(oracle(t, loc, n)).toBe(false);
          expect(oracle(new Date(next.getTime() - 1000), loc, n)).toBe(false);
          for (let m = Math.ceil(t.getTime() / MINUTE) * MINUTE; m < next.getTime(); m += MINUTE) {
            if (oracle(new Date(m), loc, n)) throw new Error(`open at ${new Date(m).toISOString()} before nextOpen ${next.toISOString()}`);
          }
        } else {
          expect(isOpen(t, loc, n)).toBe(true);
        }
      }),
      runs,
    );
  });

  it("windowEnd(t) is after the window opens, everything up to it is open, and it is closed until the next start", () => {
    fc.assert(
      fc.property(instant, location, narrowing, (t, loc, n) => {
        fc.pre(hasCommonWindow(t, loc, n));
        const open = nextOpen(t, loc, n);
        const end = windowEnd(t, loc, n);
        expect(end.getTime()).toBeGreaterThan(open.getTime());
        if (isOpen(t, loc, n)) expect(end.getTime()).toBeGreaterThan(t.getTime());
        for (let m = open.getTime(); m < end.getTime(); m += MINUTE) {
          if (!oracle(new Date(m), loc, n)) throw new Error(`closed at ${new Date(m).toISOString()} before windowEnd ${end.toISOString()}`);
        }
        expect(oracle(new Date(end.getTime() - 1000), loc, n)).toBe(true);
        expect(oracle(end, loc, n)).toBe(false);
        const reopen = nextOpen(end, loc, n);
        expect(reopen.getTime()).toBeGreaterThan(end.getTime());
        for (let m = end.getTime(); m < reopen.getTime(); m += 5 * MINUTE) {
          if (oracle(new Date(m), loc, n)) throw new Error(`open at ${new Date(m).toISOString()} between windowEnd and the next start`);
        }
      }),
      runs,
    );
  });

  it("a text released at nextOpen never falls outside the window, and one due in an open window is never held", () => {
    fc.assert(
      fc.property(instant, location, (t, loc) => {
        const next = nextOpen(t, loc);
        return oracle(t, loc, { startMinute: null, endMinute: null }) ? next.getTime() === t.getTime() : oracle(next, loc, { startMinute: null, endMinute: null });
      }),
      { numRuns: 2000 },
    );
  });
});
