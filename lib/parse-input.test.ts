import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf, fieldPath, parseInput } from "./parse-input";

describe("fieldPath", () => {
  it.each([
    [["roles", 1], "roles[1]"],
    [["phones", 0, "number"], "phones[0].number"],
    [["a", "b"], "a.b"],
    [[2], "[2]"],
  ])("writes %j as %s", (path, written) => {
    expect(fieldPath(path)).toBe(written);
  });
});

describe("fieldErrorsOf / parseInput", () => {
  const schema = z.object({ name: z.string().min(1, "Required."), phones: z.array(z.object({ number: z.string() }).strict()) }).strict();

  it("keeps the first message per field and names unknown keys", () => {
    const result = schema.safeParse({ name: "", phones: [{ number: "1", smsStatus: "X" }], extra: 1 });
    expect(fieldErrorsOf(result.error!)).toEqual({ name: "Required.", "phones[0].smsStatus": "Unknown field.", extra: "Unknown field." });
  });

  it("throws a VALIDATION AppError whose message names the first field", () => {
    const err = (() => {
      try {
        parseInput(schema, { name: "", phones: [] });
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "VALIDATION", message: "name: Required.", fieldErrors: { name: "Required." } });
    expect(parseInput(schema, { name: "x", phones: [] })).toEqual({ name: "x", phones: [] });
  });
});
