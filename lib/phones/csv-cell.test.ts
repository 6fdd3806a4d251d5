import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv-cell";

describe("csvCell", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    [true, "true"],
    [42, "42"],
    ["plain", "plain"],
    ["Diaz, Carlos", '"Diaz, Carlos"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["+13125550101", "+13125550101"],
    ["+1 (312) 555-0101", "+1 (312) 555-0101"],
    ["-5", "-5"],
    ["=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd", "'-2+3+cmd"],
  ])("%j → %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("ends a line with CRLF", () => {
    expect(csvLine(["a", null, "b,c"])).toBe('a,,"b,c"\r\n');
  });
});
