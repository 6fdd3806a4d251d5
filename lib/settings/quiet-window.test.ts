import { describe, expect, it } from "vitest";
import { formatTime, minuteToTime, quietWindowErrors, timeToMinute } from "./quiet-window";

describe("timeToMinute / minuteToTime / formatTime", () => {
  it.each<[string, number | null]>([
    ["00:00", 0],
    ["08:00", 480],
    ["09:30", 570],
    ["21:00", 1260],
    ["23:59", 1439],
    ["24:00", null],
    ["9:00", null],
    ["09:60", null],
    ["nine", null],
  ])("%s → %s", (time, minute) => {
    expect(timeToMinute(time)).toBe(minute);
    if (minute !== null) expect(minuteToTime(minute)).toBe(time);
  });

  it.each([
    ["00:00", "12:00 AM"],
    ["08:00", "8:00 AM"],
    ["12:30", "12:30 PM"],
    ["21:00", "9:00 PM"],
  ])("formats %s as %s", (time, text) => {
    expect(formatTime(time)).toBe(text);
  });
});

describe("quietWindowErrors", () => {
  it.each<[string, string | null, string | null, Record<string, string>]>([
    ["no narrowing", null, null, {}],
    ["the federal window itself", "08:00", "21:00", {}],
    ["a narrower window", "09:00", "20:00", {}],
    ["a later start only", "10:00", null, {}],
    ["an earlier end only", null, "17:00", {}],
    ["a start before 8:00", "07:59", null, { quietWindowStart: "Texts may not start before 8:00 AM (federal rule): choose 8:00 AM or later." }],
    ["an end after 21:00", null, "21:01", { quietWindowEnd: "Texts may not go after 9:00 PM (federal rule): choose 9:00 PM or earlier." }],
    ["start equal to end", "12:00", "12:00", { quietWindowEnd: "The window must end after it starts (12:00 PM)." }],
    ["start after end", "18:00", "09:00", { quietWindowEnd: "The window must end after it starts (6:00 PM)." }],
    ["an end before the federal start", null, "07:00", { quietWindowEnd: "The window must end after it starts (8:00 AM)." }],
    ["a start after the federal end", "21:30", null, { quietWindowEnd: "The window must end after it starts (9:30 PM)." }],
    ["not a time", "9am", "25:00", { quietWindowStart: "Enter a time as HH:MM (24-hour), e.g. 09:00.", quietWindowEnd: "Enter a time as HH:MM (24-hour), e.g. 20:00." }],
  ])("%s", (_, start, end, errors) => {
    expect(quietWindowErrors(start, end)).toEqual(errors);
  });
});
