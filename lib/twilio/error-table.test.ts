import { describe, expect, it } from "vitest";
import { classifySendError, classifyTwilioFailure } from "./error-table";

describe("classifyTwilioFailure (SPEC §5 failure table)", () => {
  it.each([
    [21610, "TWILIO_RECIPIENT_UNSUBSCRIBED", "DISABLE_ALL_PERSON_PHONES"],
    [21211, "TWILIO_INVALID_NUMBER", "DISABLE_PHONE"],
    [21614, "TWILIO_INVALID_NUMBER", "DISABLE_PHONE"],
    [30005, "TWILIO_UNKNOWN_DESTINATION_HANDSET", "DISABLE_PHONE"],
    [30003, "TWILIO_ERROR_30003", "NONE"],
    [30006, "TWILIO_ERROR_30006", "NONE"],
    [30007, "TWILIO_ERROR_30007", "NONE"],
    [21612, "TWILIO_ERROR_21612", "NONE"],
    [21408, "TWILIO_ERROR_21408", "NONE"],
    [20003, "TWILIO_ERROR_20003", "NONE"],
    ["21610", "TWILIO_RECIPIENT_UNSUBSCRIBED", "DISABLE_ALL_PERSON_PHONES"],
    [" 30005 ", "TWILIO_UNKNOWN_DESTINATION_HANDSET", "DISABLE_PHONE"],
    ["30008", "TWILIO_ERROR_30008", "NONE"],
    [null, "TWILIO_ERROR_0", "NONE"],
    [undefined, "TWILIO_ERROR_0", "NONE"],
    ["", "TWILIO_ERROR_0", "NONE"],
    ["abc", "TWILIO_ERROR_0", "NONE"],
    [-5, "TWILIO_ERROR_0", "NONE"],
    [1.5, "TWILIO_ERROR_0", "NONE"],
  ])("%j → %s / %s", (code, reasonCode, phoneEffect) => {
    expect(classifyTwilioFailure(code)).toEqual({ reasonCode, phoneEffect });
  });

  it("always yields a reason code the messages table accepts", () => {
    for (const code of [0, 1, 21610, 99999, "x", null]) {
      expect(classifyTwilioFailure(code).reasonCode).toMatch(/^(TWILIO_[A-Z_]+|TWILIO_ERROR_[0-9]+)$/);
    }
  });
});

describe("classifySendError", () => {
  it.each([
    ["429 Too Many Requests", { httpStatus: 429, code: 20429 }, "RETRY"],
    ["429 without a code", { httpStatus: 429 }, "RETRY"],
    ["20429 under another status", { httpStatus: 400, code: 20429 }, "RETRY"],
    ["21611 the number's queue is full", { httpStatus: 400, code: 21611 }, "RETRY"],
    ["14107 too many texts between two numbers", { httpStatus: 400, code: 14107 }, "RETRY"],
    ["500", { httpStatus: 500 }, "AMBIGUOUS"],
    ["503 with a code", { httpStatus: 503, code: 20500 }, "AMBIGUOUS"],
    ["timeout", { timedOut: true }, "AMBIGUOUS"],
    ["timeout wins over a status", { httpStatus: 400, code: 21211, timedOut: true }, "AMBIGUOUS"],
    ["no answer at all", {}, "AMBIGUOUS"],
    ["null status", { httpStatus: null, code: null }, "AMBIGUOUS"],
    ["21610 unsubscribed", { httpStatus: 400, code: 21610 }, "PERMANENT"],
    ["21211 invalid number", { httpStatus: 400, code: 21211 }, "PERMANENT"],
    ["21408 region not permitted", { httpStatus: 400, code: 21408 }, "PERMANENT"],
    ["401 authentication", { httpStatus: 401, code: 20003 }, "PERMANENT"],
    ["404 without a code", { httpStatus: 404 }, "PERMANENT"],
  ] as const)("%s → %s", (_name, error, expected) => {
    expect(classifySendError(error)).toBe(expected);
  });
});
