import { notifyMessagesChanged } from "@/db/queries/live-events";
import { insertEmailFallback } from "@/db/queries/message-lifecycle";
import { lockFailedTextsWithoutEmail } from "@/db/queries/send-results";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { authorize } from "@/lib/auth/policy";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { classifyTwilioFailure } from "@/lib/twilio/error-table";
import { sendResultsInput } from "./get-send-results";

export type EmailFailedTextsResult = {
  /** Emails created now, on their way. */
  emailed: number;
  /** Failed texts whose recipient has no email address (recorded UNDELIVERABLE). */
  noEmail: number;
};

/**
 * "Email those whose text failed", after a send: every text of the actor's own send that ended
 * without reaching the handset (failed, undelivered, or canceled by Twilio) and was never resent
 * by email goes, with the same body, to the recipient's primary email — through the same email
 * fallback as SPEC §5 (from the platform with the sender's name, reply-to the sender, the
 * text's reason on the email). Failed texts are normally resent by email as their failure
 * arrives; this covers those that were not (a canceled text has no failure to resend on).
 * Only a sender permitted to text (SPEC §4.1: a refused sender's send sends nothing) and only
 * for their own sends. Idempotent: `messages.fallback_for_message_id` is unique, so a second
 * click, or two at once, emails no one twice.
 */
export async function emailFailedTexts({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<EmailFailedTextsResult> {
  authorize(ctx.actor, "messages.text");
  const { batchIds } = parseInput(sendResultsInput, input);
  const created = await ctx.db.transaction(async (tx) => {
    const texts = await lockFailedTextsWithoutEmail(tx, { institutionId: ctx.actor.institutionId, senderUserId: ctx.actor.userId, batchIds });
    const emails: { id: number; status: string }[] = [];
    for (const text of texts) {
      const reasonCode = text.reason_code ?? classifyTwilioFailure(text.error_code).reasonCode;
      const email = await insertEmailFallback(tx, { text, reasonCode, now: ctx.now });
      if (email) emails.push(email);
    }
    await notifyMessagesChanged(tx, { messageIds: emails.map((e) => e.id) });
    return emails;
  });
  const pending = created.filter((e) => e.status === "pending").map((e) => e.id);
  if (pending.length > 0) await enqueueMessages(QUEUES.sendEmail, pending);
  return { emailed: pending.length, noEmail: created.length - pending.length };
}
