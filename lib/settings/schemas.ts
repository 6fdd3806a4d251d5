import { z } from "zod";
import { safeMultilineText, safeText } from "@/lib/validation/text";
import { SMS_DEFAULT_STATUSES } from "@/db/schema/constants";
import { findUnknownPlaceholders, TEMPLATE_PLACEHOLDERS } from "@/lib/email/render-template";

/** The first-contact footer (SPEC §10) is one short line: one GSM-7 segment at most. */
export const FIRST_CONTACT_FOOTER_MAX = 160;

/** Twilio's hard ceiling on one message's length (SPEC §3: smsMaxLength never above it). */
export const TWILIO_MAX_BODY_LENGTH = 1600;

/**
 * Browsers submit a textarea's line breaks as CRLF (HTML's form encoding) while the API and the
 * seed send LF: without this, saving an unchanged body recorded a "Body" change whose old and
 * new values look the same (issue 15.1). Stored templates always use LF.
 */
const normalizeLineBreaks = (v: unknown) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v);

/** The reply email's subject is one line; its body may hold line breaks and tabs. */
const template = (max: number, lines: "single" | "multi") =>
  z.preprocess(normalizeLineBreaks, templateText(max, lines));

const templateText = (max: number, lines: "single" | "multi") =>
  (lines === "single" ? safeText : safeMultilineText)(z.string())
    .trim()
    .min(1, "Required.")
    .max(max, `At most ${max} characters.`)
    .superRefine((value, ctx) => {
      const [unknown] = findUnknownPlaceholders(value);
      if (unknown) {
        ctx.addIssue({ code: "custom", message: `Unknown placeholder ${unknown}; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}.` });
      }
    });

/** A local wall-clock time, 24-hour HH:MM; the window's bounds are checked by quietWindowErrors. */
const localTime = z.string({ error: "Enter a time as HH:MM (24-hour)." }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM (24-hour), e.g. 09:00.");

export const smsSettingsSchema = z.object({
  studentDefaultStatus: z.enum(SMS_DEFAULT_STATUSES).describe("Student SMS Default Status"),
  staffDefaultStatus: z.enum(SMS_DEFAULT_STATUSES).describe("Staff SMS Default Status"),
  defaultPhoneTypeSrcSystemId: z.string().nullable().describe("Default SMS Phone Type (a phone type's src_system_id)"),
  permittedRoleCodes: z.array(z.string()).describe("Permitted Roles: staff role codes whose holders may text"),
  replyEmailSubject: z.string(),
  replyEmailBody: z.string(),
  smsMonthlyLimit: z.number().int().describe("SMS Message Limit: texts per calendar month (operator only)"),
  smsPhoneNumberLimit: z.number().int().describe("SMS Phone Number Usage Limit (operator only)"),
  smsMaxLength: z.number().int().describe("Administration → Application: most characters in one text"),
  quietHoursEnabled: z.boolean().describe("Quiet hours (SPEC §9): texts are held until the recipient's allowed local window opens"),
  quietWindowStart: z.string().nullable().describe("The institution's narrower window start, local HH:MM (08:00 or later); null: 08:00"),
  quietWindowEnd: z.string().nullable().describe("The institution's narrower window end, local HH:MM (21:00 or earlier); null: 21:00"),
  quietReplyExemptMinutes: z.number().int().describe("A reply to someone who texted within this many minutes is not held (0: none)"),
  firstContactFooter: z
    .string()
    .nullable()
    .describe("SPEC §10: added on a new line to the first text a person ever receives from the institution (e.g. Reply STOP to opt out); null: none"),
});

/** PATCH of the SMS settings: only the fields sent change. */
export const smsSettingsUpdateInputSchema = z
  .object({
    studentDefaultStatus: z.enum(SMS_DEFAULT_STATUSES),
    staffDefaultStatus: z.enum(SMS_DEFAULT_STATUSES),
    defaultPhoneTypeSrcSystemId: safeText(z.string().trim().min(1, "Required.").max(100)),
    permittedRoleCodes: z.array(safeText(z.string().trim().min(1, "Required.").max(100))).max(50),
    replyEmailSubject: template(200, "single"),
    replyEmailBody: template(5000, "multi"),
    smsMonthlyLimit: z.number().int("Enter a whole number.").min(0, "Must be 0 or more.").max(100_000_000, "At most 100,000,000."),
    smsPhoneNumberLimit: z.number().int("Enter a whole number.").min(0, "Must be 0 or more.").max(100_000, "At most 100,000."),
    smsMaxLength: z
      .number()
      .int("Enter a whole number.")
      .min(1, "At least 1.")
      .max(TWILIO_MAX_BODY_LENGTH, `At most ${TWILIO_MAX_BODY_LENGTH} (Twilio's limit).`),
    quietHoursEnabled: z.boolean({ error: "Must be true or false." }),
    quietWindowStart: localTime.nullable().describe("Local HH:MM, 08:00 or later and before the end; null: 08:00 (SPEC §9: narrow only)."),
    quietWindowEnd: localTime.nullable().describe("Local HH:MM, 21:00 or earlier and after the start; null: 21:00."),
    quietReplyExemptMinutes: z
      .number({ error: "Enter a whole number of minutes." })
      .int("Enter a whole number of minutes.")
      .min(0, "Must be 0 or more.")
      .max(1440, "At most 1,440 (one day)."),
    firstContactFooter: safeText(z.string().trim().max(FIRST_CONTACT_FOOTER_MAX, `At most ${FIRST_CONTACT_FOOTER_MAX} characters.`))
      .refine((v) => !v.includes("{{") && !v.includes("}}"), "The footer is the same for everyone: no merge fields.")
      .nullable()
      .transform((v) => (v === "" ? null : v))
      .describe("One line, at most 160 characters; null or \"\" removes it."),
  })
  .partial()
  .strict();

/**
 * The update as updateSmsSettings takes it (PATCH /api/v1/sms-settings): `confirmLimitWarnings`
 * saves a limit below what is already used, or a number limit above the pool (else 409 says what
 * it would mean). `confirmNoPermittedRoles` saves an empty Permitted Roles list, which stops
 * every texter (issue 15.2); without it an empty list is refused.
 */
export const smsSettingsPatchSchema = smsSettingsUpdateInputSchema.extend({
  confirmLimitWarnings: z.boolean().optional(),
  confirmNoPermittedRoles: z.boolean().optional(),
});

export type SmsSettingsDto = z.infer<typeof smsSettingsSchema>;
export type SmsSettingsUpdateInput = z.input<typeof smsSettingsUpdateInputSchema>;
