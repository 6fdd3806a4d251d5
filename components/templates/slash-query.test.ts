import { describe, expect, it } from "vitest";
import { matchTemplates, normalizeName, replaceRange, slashQueryAt } from "./slash-query";

describe("slashQueryAt", () => {
  it.each<[string, number, ReturnType<typeof slashQueryAt>]>([
    ["/", 1, { start: 0, end: 1, query: "" }],
    ["/reg", 4, { start: 0, end: 4, query: "reg" }],
    ["Hi /thanks", 10, { start: 3, end: 10, query: "thanks" }],
    ["Hi\n/fafsa-dead", 14, { start: 3, end: 14, query: "fafsa-dead" }],
    ["and/or", 6, null],
    ["https://x", 9, null],
    ["/reg more", 9, null],
    ["/reg more", 4, { start: 0, end: 4, query: "reg" }],
    ["/José", 5, { start: 0, end: 5, query: "José" }],
  ])("%j at %i", (value, caret, expected) => {
    expect(slashQueryAt(value, caret)).toEqual(expected);
  });
});

describe("matchTemplates", () => {
  const templates = [{ name: "FAFSA deadline" }, { name: "Registration reminder" }, { name: "advising-appointment" }, { name: "Reminder: advising" }];
  it("prefers names that start with the query, then those containing it, ignoring case, spaces and hyphens", () => {
    expect(matchTemplates(templates, "rem").map((t) => t.name)).toEqual(["Reminder: advising", "Registration reminder"]);
    expect(matchTemplates(templates, "advisingapp").map((t) => t.name)).toEqual(["advising-appointment"]);
    expect(matchTemplates(templates, "").map((t) => t.name)).toEqual(templates.map((t) => t.name));
    expect(matchTemplates(templates, "zzz")).toEqual([]);
    expect(matchTemplates(templates, "", 2)).toHaveLength(2);
  });
  it("normalizes names", () => {
    expect(normalizeName("Registration  Re-min_der")).toBe("registrationreminder");
  });
});

describe("replaceRange", () => {
  it("replaces the typed shortcut and puts the caret after the inserted text", () => {
    expect(replaceRange("Hi /tha!", 3, 7, "Thanks")).toEqual({ value: "Hi Thanks!", caret: 9 });
  });
});
