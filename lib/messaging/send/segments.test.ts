import { describe, expect, it } from "vitest";
import { countCharacters, countGraphemes, countSegments } from "./segments";

const a = (n: number) => "a".repeat(n);
const zhe = (n: number) => "ж".repeat(n);
const GRIN = "😀";

describe("countGraphemes (issue 15.12: characters as a person sees them)", () => {
  it.each([
    ["plain text", "Hello", 5],
    ["an emoji", "😀", 1],
    ["an emoji with a skin tone", "👍🏽", 1],
    ["a flag", "🇺🇸", 1],
    ["a family (zero-width joiners)", "👨‍👩‍👧", 1],
    ["e and a combining accent", "e\u0301", 1],
    ["text, emoji and a flag", "Hi 👋🇺🇸", 5],
  ])("%s", (_name, body, expected) => {
    expect(countGraphemes(body)).toBe(expected);
  });

  it("while segments still count UTF-16 code units, as Twilio does", () => {
    expect(countSegments("👍🏽🇺🇸")).toMatchObject({ graphemes: 2, characters: 8, units: 8, encoding: "UCS-2", segments: 1 });
  });
});

describe("countSegments", () => {
  it.each([
    ["empty body", "", { encoding: "GSM-7", characters: 0, units: 0, segments: 0, perSegment: 160 }],
    ["one GSM-7 character", "a", { encoding: "GSM-7", characters: 1, units: 1, segments: 1, perSegment: 160 }],
    ["GSM-7 160", a(160), { encoding: "GSM-7", characters: 160, units: 160, segments: 1, perSegment: 160 }],
    ["GSM-7 161", a(161), { encoding: "GSM-7", characters: 161, units: 161, segments: 2, perSegment: 153 }],
    ["GSM-7 306", a(306), { encoding: "GSM-7", characters: 306, units: 306, segments: 2, perSegment: 153 }],
    ["GSM-7 307", a(307), { encoding: "GSM-7", characters: 307, units: 307, segments: 3, perSegment: 153 }],
    ["GSM-7 1600", a(1600), { encoding: "GSM-7", characters: 1600, units: 1600, segments: 11, perSegment: 153 }],
    ["UCS-2 70", zhe(70), { encoding: "UCS-2", characters: 70, units: 70, segments: 1, perSegment: 70 }],
    ["UCS-2 71", zhe(71), { encoding: "UCS-2", characters: 71, units: 71, segments: 2, perSegment: 67 }],
    ["UCS-2 134", zhe(134), { encoding: "UCS-2", characters: 134, units: 134, segments: 2, perSegment: 67 }],
    ["UCS-2 135", zhe(135), { encoding: "UCS-2", characters: 135, units: 135, segments: 3, perSegment: 67 }],
    ["80 euro signs = 160 septets", "€".repeat(80), { encoding: "GSM-7", characters: 80, units: 160, segments: 1, perSegment: 160 }],
    ["81 euro signs = 162 septets", "€".repeat(81), { encoding: "GSM-7", characters: 81, units: 162, segments: 2, perSegment: 153 }],
    ["159 + one extension char = 161 septets", a(159) + "[", { encoding: "GSM-7", characters: 160, units: 161, segments: 2, perSegment: 153 }],
    [
      "an escape pair is not split across segments",
      a(152) + "€" + a(152),
      { encoding: "GSM-7", characters: 305, units: 306, segments: 3, perSegment: 153 },
    ],
    ["35 emoji = 70 code units", GRIN.repeat(35), { encoding: "UCS-2", characters: 70, units: 70, segments: 1, perSegment: 70 }],
    ["36 emoji = 72 code units", GRIN.repeat(36), { encoding: "UCS-2", characters: 72, units: 72, segments: 2, perSegment: 67 }],
    [
      "a surrogate pair is not split across segments",
      zhe(66) + GRIN + zhe(66),
      { encoding: "UCS-2", characters: 134, units: 134, segments: 3, perSegment: 67 },
    ],
    ["one emoji switches the whole message to UCS-2", a(69) + GRIN, { encoding: "UCS-2", characters: 71, units: 71, segments: 2, perSegment: 67 }],
  ] as const)("%s", (_name, body, expected) => {
    // No combining sequences here: every code point is one grapheme.
    expect(countSegments(body)).toEqual({ ...expected, graphemes: Array.from(body).length });
  });

  it.each(["\f", "^", "{", "}", "\\", "[", "~", "]", "|", "€"])("extension character %j takes two septets", (ch) => {
    expect(countSegments(ch)).toEqual({ encoding: "GSM-7", characters: 1, graphemes: 1, units: 2, segments: 1, perSegment: 160 });
  });

  it("accepts the whole GSM-7 basic set as one septet each", () => {
    const basic =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
      "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    expect(countSegments(basic)).toMatchObject({ encoding: "GSM-7", units: basic.length });
  });

  it.each([
    ["lower-case c cedilla (only Ç is in GSM-7)", "ç"],
    ["curly apostrophe", "’"],
    ["em dash", "—"],
    ["tab", "\t"],
    ["backtick", "`"],
    ["Chinese", "你"],
  ])("%s needs UCS-2", (_name, ch) => {
    expect(countSegments(`Hi ${ch}`).encoding).toBe("UCS-2");
  });
});

describe("countCharacters", () => {
  it.each([
    ["", 0],
    ["hello", 5],
    ["€", 1],
    [GRIN, 2],
    ["a" + GRIN + "b", 4],
  ])("%j → %i", (body, expected) => {
    expect(countCharacters(body)).toBe(expected);
  });
});
