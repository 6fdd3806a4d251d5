import { describe, expect, it } from "vitest";
import { monthsEndingWith } from "./usage-months";

describe("monthsEndingWith", () => {
  it.each([
    ["2025-04-01", 3, ["2025-02-01", "2025-03-01", "2025-04-01"]],
    ["2025-01-01", 2, ["2024-12-01", "2025-01-01"]],
    ["2025-12-01", 1, ["2025-12-01"]],
    ["2024-03-01", 0, []],
  ])("%s, %i months", (month, count, expected) => {
    expect(monthsEndingWith(month, count)).toEqual(expected);
  });

  it("gives twelve months across a year boundary, oldest first", () => {
    const months = monthsEndingWith("2025-02-01", 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2024-03-01");
    expect(months[10]).toBe("2025-01-01");
    expect(months[11]).toBe("2025-02-01");
  });

  it("refuses a date that is not a month start", () => {
    expect(() => monthsEndingWith("2025-02-15", 3)).toThrow("Not a month start");
  });
});
