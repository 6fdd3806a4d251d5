import { describe, expect, it } from "vitest";
import { buildDeliveryCurve, formatDuration, percentOf } from "./send-outcome-figures";

const t0 = new Date("2026-03-10T15:00:20Z");
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 10, 15, minutes));

describe("percentOf", () => {
  it.each([
    [4, 7, 57.1],
    [2, 7, 28.6],
    [1, 7, 14.3],
    [0, 5, 0],
    [3, 3, 100],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 0, null],
  ])("%i of %i is %s", (n, of, expected) => expect(percentOf(n, of)).toBe(expected));
});

describe("buildDeliveryCurve", () => {
  it("counts each minute's finals from the next point on, from (0, 0) at the start's minute", () => {
    const curve = buildDeliveryCurve(
      [
        { minute: at(1), delivered: 3, failed: 0 },
        { minute: at(2), delivered: 1, failed: 0 },
        { minute: at(3), delivered: 0, failed: 2 },
      ],
      t0,
    );
    expect(curve).toEqual([
      { at: "2026-03-10T15:00:00.000Z", delivered: 0, failed: 0 },
      { at: "2026-03-10T15:01:00.000Z", delivered: 0, failed: 0 },
      { at: "2026-03-10T15:02:00.000Z", delivered: 3, failed: 0 },
      { at: "2026-03-10T15:03:00.000Z", delivered: 4, failed: 0 },
      { at: "2026-03-10T15:04:00.000Z", delivered: 4, failed: 2 },
    ]);
  });

  it("widens the buckets for a long send: at most 49 points, the last one after every final", () => {
    const minutes = Array.from({ length: 600 }, (_, i) => ({ minute: new Date(at(0).getTime() + i * 60_000), delivered: 1, failed: i % 10 === 0 ? 1 : 0 }));
    const curve = buildDeliveryCurve(minutes, t0);
    expect(curve).toHaveLength(41);
    expect(curve[1].at).toBe("2026-03-10T15:15:00.000Z");
    expect(curve[curve.length - 1]).toEqual({ at: "2026-03-11T01:00:00.000Z", delivered: 600, failed: 60 });
  });

  it("is flat, from the start to the next minute, for a send with no final status yet", () => {
    expect(buildDeliveryCurve([], t0)).toEqual([
      { at: "2026-03-10T15:00:00.000Z", delivered: 0, failed: 0 },
      { at: "2026-03-10T15:01:00.000Z", delivered: 0, failed: 0 },
    ]);
  });
});

describe("formatDuration", () => {
  it.each([
    [45, "45 s"],
    [600, "10 min"],
    [1200, "20 min"],
    [3600, "1 h"],
    [11_100, "3 h 5 min"],
    [86_400, "1 d"],
    [187_200, "2 d 4 h"],
  ])("%i s reads %s", (s, text) => expect(formatDuration(s)).toBe(text));
});
