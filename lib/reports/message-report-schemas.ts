import { z } from "zod";
import { safeText } from "@/lib/validation/text";
import { CHANNELS, MESSAGE_STATUSES, REASON_CODES } from "@/db/schema/constants";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A form's empty field means "no filter". */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalText = (max: number) => z.preprocess(blankToUndefined, safeText(z.string().trim().max(max, `At most ${max} characters.`)).optional());
const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "A date like 2025-01-31.")
    .refine((d) => {
      const date = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d;
    }, "Not a calendar date.")
    .optional(),
);

/** The report's filters (SPEC §7), as the page's query string and the CSV link carry them. */
export const messageReportFiltersSchema = z
  .object({
    from: optionalText(200).describe("The sender: a name, a person id, a number or an email address."),
    to: optionalText(200).describe("The recipient person: a name or a person id."),
    destination: optionalText(320).describe("The number or email address the message went to, exactly."),
    channel: z.preprocess(blankToUndefined, z.enum(CHANNELS).optional()),
    status: z.preprocess(blankToUndefined, z.enum(MESSAGE_STATUSES).optional()),
    reason: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .toUpperCase()
        .refine((r) => (REASON_CODES as readonly string[]).includes(r) || /^TWILIO_ERROR_\d{1,6}$/.test(r), "Not a reason code.")
        .optional(),
    ),
    dateFrom: day,
    dateTo: day,
    batch: z.preprocess(
      blankToUndefined,
      z
        .string()
        .transform((v) => [...new Set(v.split(",").map((id) => id.trim().toLowerCase()).filter(Boolean))])
        .refine((ids) => ids.length > 0 && ids.every((id) => UUID.test(id)), "Not a send of this report.")
        .refine((ids) => ids.length <= 100, "At most 100 sends.")
        .optional()
        .describe("One send: its batch ids, comma-separated (the composer's results link here)."),
    ),
    template: z.preprocess(blankToUndefined, z.string().regex(UUID, "Not a template.").optional()).describe("The template the messages were sent from (SPEC §10)."),
  })
  .refine((f) => !f.dateFrom || !f.dateTo || f.dateFrom <= f.dateTo, { path: ["dateTo"], message: "Must not be before the start date." });

export type MessageReportFilters = z.output<typeof messageReportFiltersSchema>;

export const messageReportPageInputSchema = messageReportFiltersSchema.and(
  z.object({
    cursor: z.preprocess(blankToUndefined, safeText(z.string().max(300)).optional()),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);

export type MessageReportEvent = { status: string; errorCode: number | null; reasonCode: string | null; source: string; occurredAt: Date };

export type MessageReportItem = {
  id: number;
  createdAt: Date;
  channel: string;
  direction: string;
  status: string;
  reasonCode: string | null;
  errorCode: number | null;
  from: { personId: string | null; name: string | null; address: string | null; notPhoneNumber: boolean };
  to: { personId: string | null; name: string | null };
  destination: string | null;
  body: string;
  /** Held for quiet hours until then, in the recipient's zone (SPEC §9). */
  heldUntil: Date | null;
  heldTimeZone: string | null;
  /** The template it was sent from (SPEC §10), deleted or not. */
  templateName: string | null;
  events: MessageReportEvent[];
};

export type MessageReportPage = {
  items: MessageReportItem[];
  nextCursor: string | null;
  prevCursor: string | null;
  /** The institution's zone: dates are shown, and date filters read, in it. */
  timeZone: string;
};
