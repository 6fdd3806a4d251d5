import { describe, expect, it } from "vitest";
import { countSegments } from "@/lib/messaging/send/segments";
import { characterCountText } from "./character-count";

describe("the composer's character counter (issue 15.12)", () => {
  it("keeps the plain count when every character is one code unit", () => {
    expect(characterCountText(countSegments("Your advising appointment is Tuesday at 10."), 1000)).toBe(
      "43 / 1,000 characters · 1 SMS segment (GSM-7, 160 per segment)",
    );
  });

  it("counts an emoji and a flag as one character each, while the limit and the segments count code units", () => {
    expect(characterCountText(countSegments("Hi 👋🇺🇸"), 1000)).toBe(
      "5 characters (9 / 1,000 of the length limit: emoji count 2 or more) · 1 SMS segment (UCS-2, 70 per segment)",
    );
  });

  it("says when the body is over the limit", () => {
    expect(characterCountText(countSegments("a".repeat(11)), 10)).toBe("11 / 10 characters · 1 SMS segment (GSM-7, 160 per segment) — too long to send");
  });
});
