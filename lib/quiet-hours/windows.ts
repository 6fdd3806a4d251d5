/*
 * The allowed windows of SPEC §9, in minutes after local midnight, by the recipient's state and
 * the local weekday (0 = Sunday). A window is [start, end): open at start, closed at end.
 */

export type Window = { start: number; end: number };

/** The institution's narrowing (sms_settings.quiet_window_start_minute / _end_minute; null: none). */
export type QuietNarrowing = { startMinute: number | null; endMinute: number | null };

export const NO_NARROWING: QuietNarrowing = { startMinute: null, endMinute: null };

const h = (hour: number) => hour * 60;
const every = (w: Window | null) => [w, w, w, w, w, w, w];

const FEDERAL = every({ start: h(8), end: h(21) });
const EIGHT_TO_EIGHT = every({ start: h(8), end: h(20) });

/** Sunday first. States not listed keep the federal window. */
const STATE_WINDOWS: Record<string, (Window | null)[]> = {
  FL: EIGHT_TO_EIGHT,
  OK: EIGHT_TO_EIGHT,
  MD: EIGHT_TO_EIGHT,
  MS: EIGHT_TO_EIGHT,
  NJ: EIGHT_TO_EIGHT,
  WA: EIGHT_TO_EIGHT,
  CT: every({ start: h(9), end: h(20) }),
  TX: [{ start: h(12), end: h(21) }, ...every({ start: h(9), end: h(21) }).slice(1)],
  RI: [
    { start: h(10), end: h(17) },
    ...every({ start: h(9), end: h(18) }).slice(1, 6),
    { start: h(10), end: h(17) },
  ],
  AL: [null, ...FEDERAL.slice(1)],
  LA: [null, ...FEDERAL.slice(1)],
};

/** The states whose rules narrow the federal window (SPEC §9), for tests and documentation. */
export const STATES_WITH_RULES: readonly string[] = Object.keys(STATE_WINDOWS);

/**
 * The law's window on a local weekday for a recipient in `state` (USPS code; null or a state
 * without rules: the federal 08:00–21:00); null when no text may go that day (AL, LA on Sunday).
 */
export function lawfulWindow(state: string | null, weekday: number): Window | null {
  return (state && STATE_WINDOWS[state] ? STATE_WINDOWS[state] : FEDERAL)[weekday];
}

/**
 * The allowed window of a day: the law's, intersected with the institution's narrowing, which
 * can only shorten it (SPEC §9: narrow, never widen). Null when nothing is left.
 */
export function allowedWindow(state: string | null, weekday: number, narrowing: QuietNarrowing = NO_NARROWING): Window | null {
  const law = lawfulWindow(state, weekday);
  if (!law) return null;
  const start = Math.max(law.start, narrowing.startMinute ?? 0);
  const end = Math.min(law.end, narrowing.endMinute ?? 1440);
  return start < end ? { start, end } : null;
}
