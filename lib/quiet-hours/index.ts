/*
 * Quiet hours (SPEC §9): the allowed windows by state and weekday, the institution's narrowing,
 * and the instants a text may go. Pure: `now` and every fact are arguments. `locate` (the
 * area-code look-up, which reads Google's data files) is in ./locate, server-only.
 */
export { allowedWindow, lawfulWindow, NO_NARROWING, STATES_WITH_RULES, type QuietNarrowing, type Window } from "./windows";
export { isOpen, nextOpen, windowEnd, type RecipientLocation } from "./quiet-hours";
export { instantAt, localTime, type LocalDate, type LocalTime } from "./zoned-time";
export { heldUntilLabel, zoneShortName } from "./held-label";
