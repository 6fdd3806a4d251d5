import { describe, expect, it } from "vitest";
import { formatPhone, toE164 } from "./e164";

describe("toE164", () => {
  it.each([
    ["+1 555 123 4567", "+15551234567"],
    ["(555) 123-4567", "+15551234567"],
    ["+1 (312) 555-0101", "+13125550101"],
    ["(312) 555-0199", "+13125550199"],
    ["312.555.0100", "+13125550100"],
    ["1 312 555 0100", "+13125550100"],
    ["  3125550101  ", "+13125550101"],
    ["+15005550001", "+15005550001"],
    ["+44 20 7183 8750", "+442071838750"],
    ["011 44 20 7183 8750", "+442071838750"],
    ["+33 6 12 34 56 78", "+33612345678"],
  ])("accepts %j as %s", (input, e164) => {
    expect(toE164(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ["", "Enter a phone number."],
    ["   ", "Enter a phone number."],
    ["555-CALL-NOW", "A phone number may contain only digits, spaces and + ( ) - . — no letters."],
    ["312 555 0101 ext 5", "A phone number may contain only digits, spaces and + ( ) - . — no letters."],
    ["1".repeat(40), "Too many digits: a phone number has at most 15."],
    ["12345", "Too few digits for a phone number."],
    ["+1 312 555 010", "Too few digits for a phone number."],
    ["+1 312 555 01011", "Too many digits for a phone number."],
    ["+44 12", "Too few digits for a phone number."],
    ["+999 1234567", "Unknown country calling code: start with + and the country code (e.g. +44 for the UK)."],
    ["+", "Enter a phone number."],
    ["(012) 345-6789", "A North American area code cannot start with 0 or 1."],
  ])("rejects %j with a clear message", (input, message) => {
    expect(toE164(input)).toEqual({ ok: false, message });
  });

  it("reads numbers without a country code in the default country", () => {
    expect(toE164("020 7183 8750", "GB")).toEqual({ ok: true, e164: "+442071838750" });
  });
});

describe("formatPhone", () => {
  it.each([
    ["+13125550101", "(312) 555-0101"],
    ["+15551234567", "(555) 123-4567"],
    ["+442071838750", "+44 20 7183 8750"],
    ["+33612345678", "+33 6 12 34 56 78"],
    ["not-a-number", "not-a-number"],
  ])("formats %s as %s", (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });
});
