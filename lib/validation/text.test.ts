import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { prospectSchema } from "@/lib/imports/prospect-row";
import { sisPersonSchema } from "@/lib/imports/sis-row";
import { sendMessagesInput } from "@/lib/messaging/send/schemas";
import { fieldErrorsOf, parseInput } from "@/lib/parse-input";
import { listPersonsInputSchema, personCreateInputSchema, personUpdateInputSchema } from "@/lib/people/schemas";
import { personPhoneViewInputSchema } from "@/lib/person-phones/person-phone-view-schema";
import { addPhoneInputSchema } from "@/lib/person-phones/phone-schemas";
import { messageReportFiltersSchema } from "@/lib/reports/message-report-schemas";
import { smsSettingsUpdateInputSchema } from "@/lib/settings/schemas";
import { findForbiddenText, isSafeLine, isSafeMultiline, replaceForbiddenCharacters } from "./text";

const UUID = "0b7c6a3e-4d2f-4c8e-9f1a-2b3c4d5e6f70";
const person = { firstName: "Ana", lastName: "Lopez" };

describe("isSafeLine / isSafeMultiline", () => {
  it.each<[string, boolean, boolean]>([
    ["Ana López 🎓", true, true],
    ["", true, true],
    ["a\u0000b", false, false],
    ["a\u0001b", false, false],
    ["a\u001Fb", false, false],
    ["a\u007Fb", false, false],
    ["a\u000Bb", false, false],
    ["a\u000Cb", false, false],
    ["a\tb", false, true],
    ["a\nb", false, true],
    ["a\r\nb", false, true],
    ["a\uD800b", false, false],
    ["a\uDC00", false, false],
    ["\uD83C\uDF93", true, true],
  ])("%j: one line %s, multi-line %s", (text, line, multi) => {
    expect(isSafeLine(text)).toBe(line);
    expect(isSafeMultiline(text)).toBe(multi);
  });

  it("replaces what no field accepts by U+FFFD and keeps tabs and line breaks", () => {
    expect(replaceForbiddenCharacters("a\u0000b\tc\nd\u007F\uD800")).toBe("a\uFFFDb\tc\nd\uFFFD\uFFFD");
  });

  it("finds the path of the first string holding a forbidden character", () => {
    expect(findForbiddenText({ a: "ok", b: [{ c: "x" }, { c: "y\u0000" }] })).toEqual(["b", 1, "c"]);
    expect(findForbiddenText({ a: "tab\tand\nbreak", n: 1, f: () => "\u0000" })).toBeNull();
    expect(findForbiddenText("\u0000")).toEqual([]);
  });
});

/** Every schema of user text refuses NUL in each text field, naming that field. */
describe.each<[string, z.ZodType, Record<string, unknown>, string]>([
  ["send: body", sendMessagesInput, { recipientIds: [UUID], body: "Hi\u0000" }, "body"],
  ["send: recipient id", sendMessagesInput, { recipientIds: ["a\u0000"], body: "Hi" }, "recipientIds[0]"],
  ["person create: firstName", personCreateInputSchema, { ...person, firstName: "An\u0000a" }, "firstName"],
  ["person create: email", personCreateInputSchema, { ...person, emails: [{ email: "a\u0000@example.edu" }] }, "emails[0].email"],
  ["person create: role code", personCreateInputSchema, { ...person, roles: ["ADV\u0000"] }, "roles[0]"],
  ["person create: phone type", personCreateInputSchema, { ...person, phones: [{ number: "+13125550101", phoneTypeSrcSystemId: "CE\u0000" }] }, "phones[0].phoneTypeSrcSystemId"],
  ["person update: preferredName", personUpdateInputSchema, { preferredName: "A\u0007" }, "preferredName"],
  ["person update: lastName with a line break", personUpdateInputSchema, { lastName: "Lo\npez" }, "lastName"],
  ["person search: q", listPersonsInputSchema, { q: "ana\u0000" }, "q"],
  ["person search: role", listPersonsInputSchema, { role: "A\u0000" }, "role"],
  ["phone view: q", personPhoneViewInputSchema, { q: "\u0000" }, "q"],
  ["phone view: type", personPhoneViewInputSchema, { type: "CELL\u0000" }, "type"],
  ["add phone: srcSystemId", addPhoneInputSchema, { personId: UUID, number: "+13125550101", phoneTypeSrcSystemId: "CELL", srcSystemId: "P\u0000" }, "srcSystemId"],
  ["report: from", messageReportFiltersSchema, { from: "ana\u0000" }, "from"],
  ["report: destination", messageReportFiltersSchema, { destination: "+1312\u001b" }, "destination"],
  ["settings: reply subject", smsSettingsUpdateInputSchema, { replyEmailSubject: "Re\u0000ply" }, "replyEmailSubject"],
  ["settings: reply subject with a line break", smsSettingsUpdateInputSchema, { replyEmailSubject: "Re\nply" }, "replyEmailSubject"],
  ["settings: reply body", smsSettingsUpdateInputSchema, { replyEmailBody: "Hello\u0000" }, "replyEmailBody"],
  ["settings: permitted role", smsSettingsUpdateInputSchema, { permittedRoleCodes: ["ADVISOR", "X\u0000"] }, "permittedRoleCodes[1]"],
  ["SIS row: lastName", sisPersonSchema, { srcSystemId: "S1", firstName: "Ana", lastName: "Lo\u0000pez" }, "lastName"],
  ["prospect row: firstName", prospectSchema, { firstName: "A\u0000", lastName: "B", phone: "+13125550101" }, "firstName"],
])("%s", (_name, schema, input, field) => {
  it("is a field error of the schema itself", () => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(Object.keys(fieldErrorsOf(result.error!))).toEqual([field]);
  });

  it("is a VALIDATION error naming the field through parseInput", () => {
    expect(() => parseInput(schema, input)).toThrow(expect.objectContaining({ code: "VALIDATION", fieldErrors: { [field]: expect.any(String) } }));
  });
});

describe("multi-line text keeps its line breaks and tabs", () => {
  it.each<[string, z.ZodType, Record<string, unknown>]>([
    ["send body", sendMessagesInput, { recipientIds: [UUID], body: "Line one\r\nLine two\tend" }],
    ["reply email body", smsSettingsUpdateInputSchema, { replyEmailBody: "{{replierName}} wrote:\n\n\t{{replyText}}" }],
  ])("%s", (_name, schema, input) => {
    expect(schema.safeParse(input).success).toBe(true);
  });
});
