import { describe, expect, it } from "vitest";
import { reportDatePresets } from "./date-presets";

describe("reportDatePresets", () => {
  it("counts days in the institution's zone: 05:00 UTC on March 1 is still February 28 in Chicago", () => {
    expect(reportDatePresets(new Date("2026-03-01T05:00:00Z"), "America/Chicago")).toEqual([
      { label: "Today", dateFrom: "2026-02-28", dateTo: "2026-02-28" },
      { label: "Last 7 days", dateFrom: "2026-02-22", dateTo: "2026-02-28" },
      { label: "This month", dateFrom: "2026-02-01", dateTo: "2026-02-28" },
    ]);
  });

  it("crosses a year going back seven days", () => {
    expect(reportDatePresets(new Date("2026-01-03T12:00:00Z"), "UTC")[1]).toEqual({ label: "Last 7 days", dateFrom: "2025-12-28", dateTo: "2026-01-03" });
  });
});
