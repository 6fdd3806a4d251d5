import { describe, expect, it } from "vitest";
import { REASON_CODES } from "@/db/schema/constants";
import { LABELLED_REASON_CODES, reasonLabel } from "./reason-labels";

describe("reasonLabel", () => {
  it.each([
    ["SMS_MONTHLY_LIMIT_REACHED", "Monthly text limit reached"],
    ["TWILIO_INVALID_NUMBER", "Not a valid mobile number"],
    ["NO_SMS_NUMBER", "No phone that takes texts"],
    ["TWILIO_ERROR_30003", "Phone unreachable (off or out of signal) (Twilio 30003)"],
    ["TWILIO_ERROR_0", "Text failed, no error given (Twilio 0)"],
    ["TWILIO_ERROR_12345", "Twilio error 12345"],
    ["SOMETHING_NEW", "SOMETHING_NEW"],
  ])("%s reads %s", (code, label) => {
    expect(reasonLabel(code)).toBe(label);
  });

  it("words every SPEC reason code without showing the code", () => {
    for (const code of REASON_CODES) {
      expect(reasonLabel(code)).not.toContain(code);
      expect(reasonLabel(code)).toMatch(/^[A-Z][a-z]/);
    }
    expect(new Set(LABELLED_REASON_CODES.map(reasonLabel)).size).toBeGreaterThan(REASON_CODES.length);
  });
});
