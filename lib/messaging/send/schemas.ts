import { z } from "zod";
import { safeMultilineText, safeText } from "@/lib/validation/text";

/** The most recipients one send may have (the composer's and the API's limit). */
export const MAX_RECIPIENTS_PER_SEND = 10_000;

/** Input of a send (composer and `POST /api/v1/messages`). */
export const sendMessagesInput = z.object({
  recipientIds: z
    .array(safeText(z.string().min(1).max(100)))
    .min(1, "Choose at least one recipient")
    .max(MAX_RECIPIENTS_PER_SEND, "At most 10,000 recipients per send"),
  body: safeMultilineText(z.string().max(10_000, "The message is far too long")),
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
});
export type SendMessagesResult = z.infer<typeof sendMessagesResult>;
