import { describe, expect, it } from "vitest";
import { limitWarnings, type LimitValues } from "./limit-warnings";

const usage = { institutionName: "Northfield", sentThisMonth: 1234, numbersAssigned: 3, poolSize: 5 };
const before: LimitValues = { smsMonthlyLimit: 5000, smsPhoneNumberLimit: 4 };

describe("limitWarnings", () => {
  it.each<[string, Partial<LimitValues>, string[]]>([
    ["a message limit above this month's texts", { smsMonthlyLimit: 2000 }, []],
    ["a message limit equal to this month's texts", { smsMonthlyLimit: 1234 }, []],
    [
      "a message limit below this month's texts",
      { smsMonthlyLimit: 1000 },
      ["Northfield has already sent 1,234 texts this month; with a limit of 1,000 every further text this month goes by email."],
    ],
    ["a number limit within the pool and above the assigned", { smsPhoneNumberLimit: 5 }, []],
    ["a number limit equal to the assigned", { smsPhoneNumberLimit: 3 }, []],
    [
      "a number limit above the pool",
      { smsPhoneNumberLimit: 10 },
      ["The pool has only 5 numbers; a limit of 10 cannot be reached until numbers are added."],
    ],
    [
      "a number limit below the assigned",
      { smsPhoneNumberLimit: 1 },
      ["Northfield already has 3 numbers assigned; with a limit of 1 nobody else gets a number (they send by email) until assignments are removed."],
    ],
    ["an unchanged limit, however it compares", { smsMonthlyLimit: 5000, smsPhoneNumberLimit: 4 }, []],
    [
      "both at once",
      { smsMonthlyLimit: 0, smsPhoneNumberLimit: 6 },
      [
        "Northfield has already sent 1,234 texts this month; with a limit of 0 every further text this month goes by email.",
        "The pool has only 5 numbers; a limit of 6 cannot be reached until numbers are added.",
      ],
    ],
  ])("%s", (_name, requested, expected) => {
    expect(limitWarnings(usage, before, requested)).toEqual(expected);
  });

  it("speaks of one text and one number in the singular", () => {
    const one = { institutionName: "Lakeside", sentThisMonth: 1, numbersAssigned: 1, poolSize: 1 };
    expect(limitWarnings(one, { smsMonthlyLimit: 5, smsPhoneNumberLimit: 1 }, { smsMonthlyLimit: 0, smsPhoneNumberLimit: 2 })).toEqual([
      "Lakeside has already sent 1 text this month; with a limit of 0 every further text this month goes by email.",
      "The pool has only 1 number; a limit of 2 cannot be reached until numbers are added.",
    ]);
  });
});
