import { addDays, instantAt, localTime, type LocalDate } from "./zoned-time";
import { allowedWindow, NO_NARROWING, type QuietNarrowing } from "./windows";

/**
 * Where a recipient is, for quiet hours (SPEC §9): the zones their local time is read in and
 * their state. Several zones when the area code spans several (Alaska's 907: Anchorage and
 * Adak): a text may go only when every one of them is inside its window — the latest start
 * and the earliest end — so no reading of the recipient's clock is outside the law's window.
 */
export type RecipientLocation = {
  timeZones: readonly string[];
  /** USPS code, or null (the federal window). */
  state: string | null;
  /** Where the location came from: the person's record, the phone's area code, or the institution. */
  source: "PERSON" | "AREA_CODE" | "INSTITUTION";
};

/** A window, as instants. */
type Span = { start: Date; end: Date };

/** How far ahead a window is looked for: a week always holds one (every state allows six days). */
const DAYS_AHEAD = 8;

/** The first allowed window in `timeZone` that ends after `instant` (the open one, or the next). */
function windowFrom(instant: Date, timeZone: string, state: string | null, narrowing: QuietNarrowing): Span | null {
  const today = localTime(instant, timeZone);
  const date: LocalDate = { year: today.year, month: today.month, day: today.day };
  // From yesterday: in the hour a fall-back repeats, the local date can lag the window's.
  for (let k = -1; k <= DAYS_AHEAD; k++) {
    const day = addDays(date, k);
    const w = allowedWindow(state, (today.weekday + k + 7) % 7, narrowing);
    if (!w) continue;
    const end = instantAt(day, w.end, timeZone);
    if (end > instant) return { start: instantAt(day, w.start, timeZone), end };
  }
  return null;
}

function openIn(instant: Date, timeZone: string, state: string | null, narrowing: QuietNarrowing): boolean {
  const span = windowFrom(instant, timeZone, state, narrowing);
  return span !== null && span.start <= instant;
}

/** Whether a text may reach the recipient at `instant` (SPEC §9): inside the allowed window of every zone of theirs. */
export function isOpen(instant: Date, location: RecipientLocation, narrowing: QuietNarrowing = NO_NARROWING): boolean {
  return location.timeZones.every((z) => openIn(instant, z, location.state, narrowing));
}

/**
 * The first instant at or after `instant` when a text may reach the recipient: `instant` itself
 * when the window is open, else the start of the next allowed window (SPEC §9: a held text is
 * released at the window's next start). Throws when the narrowing leaves no window at all.
 */
export function nextOpen(instant: Date, location: RecipientLocation, narrowing: QuietNarrowing = NO_NARROWING): Date {
  let t = instant;
  // Each round moves to the start of a closed zone's next window; every instant skipped is
  // closed in that zone, so the first instant open in all of them is never passed.
  for (let round = 0; round < 32; round++) {
    let moved = false;
    for (const z of location.timeZones) {
      const span = windowFrom(t, z, location.state, narrowing);
      if (!span) throw new Error(`no allowed window in ${z} for state ${location.state ?? "-"}`);
      if (span.start > t) {
        t = span.start;
        moved = true;
      }
    }
    if (!moved) return t;
  }
  throw new Error("the recipient's zones share no allowed window");
}

/**
 * The end of the allowed window that `nextOpen(instant)` falls in: the moment a text handed over
 * at `instant` (or when it is released) must have reached the handset by — for Twilio's
 * ValidityPeriod. With several zones, the earliest end.
 */
export function windowEnd(instant: Date, location: RecipientLocation, narrowing: QuietNarrowing = NO_NARROWING): Date {
  const open = nextOpen(instant, location, narrowing);
  let end: Date | null = null;
  for (const z of location.timeZones) {
    const span = windowFrom(open, z, location.state, narrowing)!;
    if (!end || span.end < end) end = span.end;
  }
  return end!;
}
