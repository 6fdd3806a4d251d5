import { describe, expect, it } from "vitest";
import { csvField, csvRecord } from "./csv";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"x\")", '"\'=HYPERLINK(""x"")"'],
    ["+1 call me", "'+1 call me"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["", ""],
  ])("writes %j as %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("leaves the app's own values (E.164 numbers) alone when asked, and writes null as empty", () => {
    expect(csvField("+13125550101", { formulaSafe: false })).toBe("+13125550101");
    expect(csvField(null)).toBe("");
    expect(csvField(30003)).toBe("30003");
  });

  it("ends a record with CRLF", () => {
    expect(csvRecord(["a", '"b"'])).toBe('a,"b"\r\n');
  });
});
