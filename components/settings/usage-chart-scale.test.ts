import { describe, expect, it } from "vitest";
import { chartScale, niceCeiling, shortMonth } from "./usage-chart-scale";

describe("the Twilio tab chart's scale (issue 15.12)", () => {
  it("rounds the top up to 1, 2 or 5 × 10ⁿ", () => {
    expect([0, 1, 3, 7, 12, 20, 21, 480, 5000, 5001].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 20, 50, 500, 5000, 10000]);
  });

  it("scales small counts to the data and leaves out a far limit", () => {
    expect(chartScale([0, 3, 12, 0], 5000)).toEqual({ top: 20, limitPct: null, ticks: [0, 10, 20] });
    expect(chartScale([0, 0, 0], 5000)).toEqual({ top: 1, limitPct: null, ticks: [0, 1] });
  });

  it("shows the limit line once the busiest month reaches half of it, on a scale that includes it", () => {
    expect(chartScale([100, 2499], 5000).limitPct).toBeNull();
    expect(chartScale([100, 2500], 5000)).toEqual({ top: 5000, limitPct: 100, ticks: [0, 2500, 5000] });
    expect(chartScale([6000], 5000)).toEqual({ top: 10000, limitPct: 50, ticks: [0, 5000, 10000] });
  });

  it("labels months like Jan 2026", () => {
    expect(shortMonth("2026-01-01")).toBe("Jan 2026");
    expect(shortMonth("2025-12-01")).toBe("Dec 2025");
  });
});
