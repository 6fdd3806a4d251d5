import { z } from "zod";
import { safeText } from "@/lib/validation/text";
import { SMS_STATUSES } from "@/db/schema/constants";
import { toE164 } from "@/lib/e164";
import { normalizeStateCode, normalizeTimeZone, STATE_MESSAGE, TIME_ZONE_MESSAGE } from "./location";

/**
 * The people domain's contract: inputs the services validate and the DTOs they return. The
 * REST API and its OpenAPI document use these same schemas.
 */

const text = (max: number) =>
  safeText(
    z
      .string({ error: (issue) => (issue.input === undefined ? "Required." : "Must be a string.") })
      .trim()
      .min(1, "Required.")
      .max(max, `At most ${max} characters.`),
  );

/** SPEC §9: the recipient's local time for quiet hours. Stored as normalizeTimeZone gives it. */
const timeZone = text(64)
  .transform((value, ctx) => {
    const zone = normalizeTimeZone(value);
    if (zone) return zone;
    ctx.issues.push({ code: "custom", message: TIME_ZONE_MESSAGE, input: value });
    return z.NEVER;
  })
  .describe("IANA time zone (e.g. America/Chicago); quiet hours follow it (SPEC §9).");

/** SPEC §9: the state whose quiet-hours rules apply. Lower case is accepted and stored upper-cased. */
const state = text(40)
  .transform((value, ctx) => {
    const code = normalizeStateCode(value);
    if (code) return code;
    ctx.issues.push({ code: "custom", message: STATE_MESSAGE, input: value });
    return z.NEVER;
  })
  .describe("USPS code of a US state, DC or territory (e.g. TX); its quiet-hours rules apply (SPEC §9).");

/** A phone number as typed; the parsed value is E.164 (SPEC §2). */
export const phoneNumber = z
  .string({ error: (issue) => (issue.input === undefined ? "Required." : "Must be a string.") })
  .max(40, "At most 40 characters.")
  .transform((value, ctx) => {
    const result = toE164(value);
    if (result.ok) return result.e164;
    ctx.issues.push({ code: "custom", message: result.message, input: value });
    return z.NEVER;
  })
  .describe("As typed (e.g. \"(312) 555-0101\" or \"+44 20 7183 8750\"); stored as E.164. Numbers without a country code are read as US.");

export const personEmailInputSchema = z
  .object({
    email: safeText(z.string().trim().toLowerCase().max(320)).check(z.email("Not an email address.")),
    isPrimary: z.boolean().optional().describe("Exactly one email is primary; when none is marked, the first one is."),
  })
  .strict();

/** Exactly one primary when there are emails; no address twice. */
const emailList = z
  .array(personEmailInputSchema)
  .max(20)
  .superRefine((emails, ctx) => {
    const seen = new Set<string>();
    let primaries = 0;
    emails.forEach((e, i) => {
      if (seen.has(e.email)) ctx.addIssue({ code: "custom", path: [i, "email"], message: "This email is listed twice." });
      seen.add(e.email);
      if (e.isPrimary && ++primaries === 2) {
        ctx.addIssue({ code: "custom", path: [i, "isPrimary"], message: "Only one email can be primary." });
      }
    });
  })
  .describe("Replaces the person's emails.");

const roleCodes = z
  .array(text(100))
  .max(50)
  .describe("Security role codes of the institution (e.g. ADVISOR, STUDENT); replaces the person's roles.");

/**
 * A phone to add. SMS status and verified cannot be sent: new records start SMS_DEFAULT and
 * unverified (SPEC §2), and both change only by the manual edit on the Profile tab, with history.
 */
export const phoneCreateInputSchema = z
  .object({
    number: phoneNumber,
    phoneTypeSrcSystemId: text(100).describe("src_system_id of one of the institution's phone types (not AVISO.SYSTEM)."),
    srcSystemId: text(200).optional(),
  })
  .strict();

/** A phone to add (no `id`) or an existing phone to change (`id`). A number never changes in place. */
export const phoneChangeInputSchema = z
  .object({
    id: z.guid("Not a phone id.").optional().describe("An existing phone of this person; omit to add a phone."),
    number: phoneNumber.optional().describe("Required to add a phone; an existing phone's number cannot change."),
    phoneTypeSrcSystemId: text(100).optional(),
    srcSystemId: text(200).nullable().optional(),
    deleted: z.boolean().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.id) {
      if (p.number !== undefined) {
        ctx.addIssue({ code: "custom", path: ["number"], message: "A phone's number cannot change: delete this phone and add the new number." });
      }
      return;
    }
    if (p.number === undefined) ctx.addIssue({ code: "custom", path: ["number"], message: "Required." });
    if (p.phoneTypeSrcSystemId === undefined) ctx.addIssue({ code: "custom", path: ["phoneTypeSrcSystemId"], message: "Required." });
    if (p.deleted) ctx.addIssue({ code: "custom", path: ["deleted"], message: "A new phone cannot be deleted." });
  });

export const personCreateInputSchema = z
  .object({
    firstName: text(200),
    lastName: text(200),
    preferredName: text(200).optional(),
    srcSystemId: text(200).optional().describe("The person's id in the student information system; unique in the institution."),
    timeZone: timeZone.optional(),
    state: state.optional(),
    emails: emailList.default([]),
    roles: roleCodes.default([]),
    phones: z.array(phoneCreateInputSchema).max(20).default([]),
  })
  .strict();

/** PATCH: every field optional; lists replace (emails, roles) or add/change (phones). */
export const personUpdateInputSchema = z
  .object({
    firstName: text(200).optional(),
    lastName: text(200).optional(),
    preferredName: text(200).nullable().optional(),
    srcSystemId: text(200).nullable().optional(),
    timeZone: timeZone.nullable().optional().describe("null clears it."),
    state: state.nullable().optional().describe("null clears it."),
    deleted: z.boolean().optional(),
    emails: emailList.optional(),
    roles: roleCodes.optional(),
    phones: z
      .array(phoneChangeInputSchema)
      .max(20)
      .optional()
      .describe("Phones to add or change; phones not listed stay as they are."),
  })
  .strict();

/**
 * The People search's filters (issue 16 item 2): the list, "message everyone matching" and a
 * list saved from a search all read them, so each means the same everywhere.
 */
export const peopleFilterFields = {
  q: safeText(z.string().trim().max(200)).optional().describe("Matches name, src_system_id, email or phone digits."),
  kind: z.enum(["staff", "student"]).optional(),
  sms: z
    .enum(["opted-out", "enabled", "default", "disabled"])
    .optional()
    .describe(
      "opted-out: only people who texted STOP and are not texted since (issue 15.5); enabled, default, disabled: people with a phone of that SMS status (SMS_ENABLED, SMS_DEFAULT, SMS_DISABLED).",
    ),
  role: safeText(z.string().trim().min(1).max(100)).optional().describe("A security role code."),
  team: z.uuid().optional().describe("A staff person's id: only the students on that person's success team."),
  textable: z
    .enum(["yes", "no"])
    .optional()
    .describe("yes: people with a number a text would go to (SPEC §4.5); no: people without one."),
};
export const peopleFilterSchema = z.object(peopleFilterFields);
export type PeopleFilter = z.output<typeof peopleFilterSchema>;

export const listPersonsInputSchema = z.object({
  ...peopleFilterFields,
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: safeText(z.string().max(1000)).optional().describe("nextCursor or prevCursor of a previous page."),
  deleted: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .describe("true lists deleted persons instead."),
  order: z.enum(["asc", "desc"]).default("asc").describe("By last name, first name."),
});

export const personKindSchema = z.enum(["staff", "student"]).describe("staff when any role is a staff role (SPEC §2).");

export const phoneSchema = z.object({
  id: z.string(),
  typeName: z.string(),
  phoneTypeSrcSystemId: z.string(),
  number: z.string().describe("E.164"),
  formatted: z.string(),
  smsStatus: z.enum(SMS_STATUSES),
  verified: z.boolean(),
  verifiedAt: z.string().nullable().describe("ISO 8601"),
  verifiedBy: z.object({ userId: z.string(), displayName: z.string() }).nullable(),
  srcSystemId: z.string().nullable(),
  isSystem: z.boolean().describe("An assigned system number (phone type AVISO.SYSTEM, SPEC §6)."),
  deleted: z.boolean(),
});

export const personSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  srcSystemId: z.string().nullable(),
  source: z.string(),
  timeZone: z.string().nullable().describe("IANA zone, when recorded."),
  state: z.string().nullable().describe("USPS state code, when recorded."),
  kind: personKindSchema,
  deleted: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  emails: z.array(z.object({ email: z.string(), isPrimary: z.boolean() })),
  roles: z.array(z.object({ code: z.string(), name: z.string(), kind: z.enum(["STAFF", "STUDENT"]) })),
  phones: z.array(phoneSchema),
});

export const personListItemSchema = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  srcSystemId: z.string().nullable(),
  kind: personKindSchema,
  deleted: z.boolean(),
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
  primaryEmail: z.string().nullable(),
  mainPhone: z.object({ number: z.string(), formatted: z.string(), typeName: z.string() }).nullable(),
});

export const personListPageSchema = z.object({
  items: z.array(personListItemSchema),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
});

export type PersonDto = z.infer<typeof personSchema>;
export type PhoneDto = z.infer<typeof phoneSchema>;
export type PersonListItem = z.infer<typeof personListItemSchema>;
export type PersonListPage = z.infer<typeof personListPageSchema>;
export type ListPersonsInput = z.input<typeof listPersonsInputSchema>;
export type PersonCreateInput = z.input<typeof personCreateInputSchema>;
export type PersonUpdateInput = z.input<typeof personUpdateInputSchema>;
