/*
 * The institution's own quiet-hours window (SPEC §9): it may narrow the federal 08:00–21:00
 * window, never widen it. Times are local wall-clock "HH:MM" on screen and in the API, minutes
 * after midnight in the database (sms_settings.quiet_window_*_minute).
 */

/** The federal window every text respects (SPEC §9, "default (federal)"). */
export const FEDERAL_START_MINUTE = 8 * 60;
export const FEDERAL_END_MINUTE = 21 * 60;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "09:30" → 570; null when not a 24-hour HH:MM time. */
export function timeToMinute(time: string): number | null {
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 570 → "09:30". */
export function minuteToTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** "21:00" → "9:00 PM", as the settings page and its history say it. */
export function formatTime(time: string): string {
  const minute = timeToMinute(time);
  if (minute === null) return time;
  const h = Math.floor(minute / 60);
  return `${h % 12 === 0 ? 12 : h % 12}:${String(minute % 60).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

/**
 * Why a window cannot be saved, by field, or {} when it can. A missing start or end keeps the
 * federal one, so only the effective window is compared: start ≥ 08:00, end ≤ 21:00, start
 * before end.
 */
export function quietWindowErrors(start: string | null, end: string | null): Record<string, string> {
  const errors: Record<string, string> = {};
  const s = start === null ? FEDERAL_START_MINUTE : timeToMinute(start);
  const e = end === null ? FEDERAL_END_MINUTE : timeToMinute(end);
  if (s === null) errors.quietWindowStart = "Enter a time as HH:MM (24-hour), e.g. 09:00.";
  else if (s < FEDERAL_START_MINUTE) errors.quietWindowStart = "Texts may not start before 8:00 AM (federal rule): choose 8:00 AM or later.";
  if (e === null) errors.quietWindowEnd = "Enter a time as HH:MM (24-hour), e.g. 20:00.";
  else if (e > FEDERAL_END_MINUTE) errors.quietWindowEnd = "Texts may not go after 9:00 PM (federal rule): choose 9:00 PM or earlier.";
  if (s !== null && e !== null && !errors.quietWindowStart && !errors.quietWindowEnd && s >= e) {
    errors.quietWindowEnd = `The window must end after it starts (${formatTime(minuteToTime(s))}).`;
  }
  return errors;
}
