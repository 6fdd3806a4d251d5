import { z } from "zod";
import { safeMultilineText, safeText } from "@/lib/validation/text";

/**
 * The most recipients one send takes (SPEC §9: a large college's whole undergraduate body),
 * from the composer and `POST /api/v1/messages` alike: one call, one send, whatever its size.
 */
export const MAX_RECIPIENTS_PER_SEND = 50_000;

/**
 * A body longer than this is refused as input before any decision. Far above the SMS length
 * limit (SPEC §3 smsMaxLength, checked by the decision as BODY_TOO_LONG): only a bound on input.
 */
export const MAX_BODY_INPUT = 10_000;

/** A message body as typed: any text up to MAX_BODY_INPUT characters. */
export const messageBodyInput = safeMultilineText(z.string().max(MAX_BODY_INPUT, "The message is far too long"));

/** Input of a send (composer and `POST /api/v1/messages`). */
export const sendMessagesInput = z.object({
  recipientIds: z
    .array(safeText(z.string().min(1).max(100)))
    .min(1, "Choose at least one recipient")
    .max(MAX_RECIPIENTS_PER_SEND, `At most ${MAX_RECIPIENTS_PER_SEND.toLocaleString("en-US")} recipients per send`),
  /**
   * The text; it may hold merge fields, rendered per recipient (SPEC §10). Optional with
   * `templateId`, whose body is then sent.
   */
  body: messageBodyInput.optional(),
  /** The template the body comes from (SPEC §10): recorded on every message; its body is sent when `body` is absent. */
  templateId: z.uuid("Not a template id.").optional(),
  /**
   * SPEC §9: send later, at this instant (ISO 8601 with an offset or Z), at least a minute and at
   * most a year ahead (lib/messaging/send/schedule-send.ts). Absent: now.
   */
  sendAt: z.iso.datetime({ offset: true }).optional(),
});

export type SendMessagesInput = z.infer<typeof sendMessagesInput>;

export const deliveryOutcome = z.enum(["SMS", "EMAIL", "UNDELIVERABLE", "REFUSED"]);

export const recipientResult = z.object({
  recipientId: z.string(),
  messageId: z.number().int().nullable(),
  outcome: deliveryOutcome,
  channel: z.enum(["SMS", "EMAIL"]).nullable(),
  toAddress: z.string().nullable(),
  why: z.string().nullable(),
  reasonCode: z.string().nullable(),
});
export type RecipientResult = z.infer<typeof recipientResult>;

export const sendMessagesResult = z.object({
  batchId: z.string().nullable(),
  refused: z.string().nullable(),
  results: z.array(recipientResult),
  unknownRecipientIds: z.array(z.string()),
  summary: z.object({ texts: z.number(), emails: z.number(), undeliverable: z.number(), refused: z.number() }),
  monthly: z.object({ used: z.number(), limit: z.number() }),
  senderNumber: z.string().nullable(),
  /** The send's state (SPEC §9): scheduled for later, sending (a large send's rows still being written), done; null when nothing was stored. */
  state: z.enum(["scheduled", "sending", "done"]).nullable(),
  /** A scheduled send's time (ISO 8601); null for an immediate send. */
  scheduledFor: z.string().nullable(),
});
export type SendMessagesResult = z.infer<typeof sendMessagesResult>;
