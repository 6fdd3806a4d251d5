import "server-only";
import { z } from "zod";
import { findMessageDetail, listMessageEvents, type MessageDetailRow } from "@/db/queries/message-detail";
import { findOutboxMessage } from "@/db/queries/send-outbox";
import type { Actor } from "@/lib/auth/capabilities";
import { can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";

const iso = z.string().describe("ISO 8601 date-time.");

export const messageEventSchema = z.object({
  status: z.string().describe("pending, queued, sending, sent, delivered, undelivered, failed, …"),
  source: z
    .enum(["APP", "TWILIO", "RESEND", "RECONCILIATION"])
    .describe("RECONCILIATION: Twilio's callback never came; the worker looked the text up at Twilio."),
  errorCode: z.number().int().nullable().describe("Twilio error code of a failure."),
  reasonCode: z.string().nullable(),
  occurredAt: iso,
});

export const messageDetailSchema = z.object({
  id: z.number().int(),
  batchId: z.string().nullable().describe("The send (one press of Send) it belongs to."),
  conversationId: z.string().nullable(),
  direction: z.enum(["OUTBOUND", "INBOUND"]),
  channel: z.enum(["SMS", "EMAIL"]),
  status: z.string(),
  fromPersonId: z.string().nullable(),
  fromAddress: z.string().nullable().describe("The system number (E.164) or the sender's email address."),
  toPersonId: z.string().nullable(),
  toAddress: z.string().nullable().describe("The recipient's number (E.164) or email address."),
  body: z.string().describe("The text as sent to this recipient: merge fields filled, and the first-contact footer on a first text (SPEC §10)."),
  template: z
    .object({ id: z.string(), name: z.string() })
    .nullable()
    .describe("The template the message was sent from (SPEC §10), deleted or not; null when none."),
  reasonCode: z.string().nullable().describe("Why it went by email, was refused or failed (SPEC §4, §5)."),
  why: z.string().nullable().describe("Why this number was chosen (SMS_ENABLED, SMS_DEFAULT_DEFAULT_TYPE)."),
  errorCode: z.number().int().nullable(),
  segments: z.number().int().nullable(),
  providerId: z.string().nullable().describe("Twilio message sid or email id."),
  fallbackForMessageId: z.number().int().nullable().describe("The text this email replaced."),
  fallbackMessageId: z.number().int().nullable().describe("The email that replaced this text."),
  createdAt: iso,
  sentAt: iso.nullable(),
  deliveredAt: iso.nullable(),
  heldUntil: iso.nullable().describe("A pending text held for quiet hours (SPEC §9): when it goes, at the start of the recipient's next allowed window."),
  heldTimeZone: z.string().nullable().describe("The recipient's IANA time zone the hold was computed in."),
  events: z.array(messageEventSchema).describe("Status history, oldest first."),
});
export type MessageDetail = z.infer<typeof messageDetailSchema>;

export function messageNotFound() {
  return new AppError("NOT_FOUND", "No such message.");
}

/**
 * Who may read a message (SPEC §1): administrators any message of their institution; others
 * the messages they sent and those on a conversation they own. Everyone else gets NOT_FOUND,
 * as for another institution's message, so ids reveal nothing.
 */
export function mayReadMessage(actor: Pick<Actor, "userId" | "personId" | "capabilities">, m: Pick<MessageDetailRow, "from_user_id" | "conversation_owner_person_id">): boolean {
  return can(actor, "message.read", { fromUserId: m.from_user_id, ownerPersonId: m.conversation_owner_person_id });
}

const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const toInt = (n: number | string | null) => (n === null ? null : Number(n));

/** One message with its status history (`GET /api/v1/messages/{messageId}`). */
export async function getMessage({ ctx, input }: { ctx: ServiceContext; input: { messageId: string } }): Promise<MessageDetail> {
  if (!/^[1-9][0-9]{0,15}$/.test(input.messageId)) throw messageNotFound();
  const params = { institutionId: ctx.actor.institutionId, messageId: Number(input.messageId) };
  // A message of a large send may still wait in its outbox; the worker moves it to messages
  // meanwhile, hence the second look there when the outbox no longer has it.
  const m =
    (await findMessageDetail(ctx.db, params)) ??
    (await findOutboxMessage(ctx.db, params)) ??
    (await findMessageDetail(ctx.db, params));
  if (!m || !mayReadMessage(ctx.actor, m)) throw messageNotFound();
  const events = await listMessageEvents(ctx.db, params);
  return {
    id: Number(m.id),
    batchId: m.batch_id,
    conversationId: m.conversation_id,
    direction: m.direction,
    channel: m.channel,
    status: m.status,
    fromPersonId: m.from_person_id,
    fromAddress: m.from_address,
    toPersonId: m.to_person_id,
    toAddress: m.to_address,
    body: m.body,
    template: m.template_id && m.template_name ? { id: m.template_id, name: m.template_name } : null,
    reasonCode: m.reason_code,
    why: m.decision_detail,
    errorCode: toInt(m.error_code),
    segments: toInt(m.segments),
    providerId: m.provider_id,
    fallbackForMessageId: toInt(m.fallback_for_message_id),
    fallbackMessageId: toInt(m.fallback_message_id),
    createdAt: toIso(m.created_at)!,
    sentAt: toIso(m.sent_at),
    deliveredAt: toIso(m.delivered_at),
    heldUntil: m.status === "pending" ? toIso(m.held_until) : null,
    heldTimeZone: m.status === "pending" ? m.held_time_zone : null,
    events: events.map((e) => ({
      status: e.status,
      source: e.source as "APP" | "TWILIO" | "RESEND" | "RECONCILIATION",
      errorCode: toInt(e.error_code),
      reasonCode: e.reason_code,
      occurredAt: toIso(e.occurred_at)!,
    })),
  };
}
