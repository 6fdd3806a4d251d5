import { describe, expect, it } from "vitest";
import { csvCell, csvRecord, type CsvValue, type FormulaGuard } from "./csv";

const GUARDS: FormulaGuard[] = ["all", "except-numbers"];

describe("csvCell", () => {
  describe.each(GUARDS)("whatever the guard (%s)", (formulaGuard) => {
    it.each<[CsvValue, string]>([
      [null, ""],
      [undefined, ""],
      ["", ""],
      [true, "true"],
      [42, "42"],
      [30003, "30003"],
      ["plain", "plain"],
      ["a=b", "a=b"],
      ["a, b", '"a, b"'],
      ["Diaz, Carlos", '"Diaz, Carlos"'],
      ['say "hi"', '"say ""hi"""'],
      ["two\nlines", '"two\nlines"'],
      ["two\r\nlines", '"two\r\nlines"'],
    ])("writes %j as %j", (value, expected) => {
      expect(csvCell(value, { formulaGuard })).toBe(expected);
    });
  });

  it.each<[CsvValue, string]>([
    ["=HYPERLINK(\"x\")", '"\'=HYPERLINK(""x"")"'],
    ["+1 call me", "'+1 call me"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "\"'\rcmd\""],
    ["+13125550101", "'+13125550101"],
    ["-5", "'-5"],
    [-5, "'-5"],
  ])("by default (any formula start) writes %j as %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
    expect(csvCell(value, { formulaGuard: "all" })).toBe(expected);
  });

  it.each<[CsvValue, string]>([
    ["+13125550101", "+13125550101"],
    ["+1 (312) 555-0101", "+1 (312) 555-0101"],
    ["+1.312.555.0101", "+1.312.555.0101"],
    ["-5", "-5"],
    [-5, "-5"],
    ["=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd", "'-2+3+cmd"],
    ["+1 call me", "'+1 call me"],
    ["\tcmd", "'\tcmd"],
    ["\r+15551234567", "\"'\r+15551234567\""],
  ])("with formulaGuard except-numbers writes %j as %j", (value, expected) => {
    expect(csvCell(value, { formulaGuard: "except-numbers" })).toBe(expected);
  });

  it.each<[CsvValue, string]>([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["+SUM(1,2)", "\"'+SUM(1,2)\""],
    ["-2+3", "'-2+3"],
    ["@x", "'@x"],
    ["=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""],
    ["+447700900123", "+447700900123"],
    ["ana@example.edu", "ana@example.edu"],
  ])("with formulaGuard except-numbers, a stored address %j (a webhook's From) is written %j", (value, expected) => {
    expect(csvCell(value, { formulaGuard: "except-numbers" })).toBe(expected);
  });
});

describe("csvRecord", () => {
  it("joins the cells as they are and ends the record with CRLF", () => {
    expect(csvRecord(["a", '"b"'])).toBe('a,"b"\r\n');
    expect(csvRecord([])).toBe("\r\n");
  });

  it("makes a line of escaped cells, an empty one for null", () => {
    expect(csvRecord(["a", null, "b,c"].map((v) => csvCell(v, { formulaGuard: "except-numbers" })))).toBe('a,,"b,c"\r\n');
  });
});
