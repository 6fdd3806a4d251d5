import "server-only";
import type { Db } from "@/db";
import { lockTextForFailure, markTextFailed } from "@/db/queries/message-lifecycle";
import { recordMessageEvents, type ProviderEventSource } from "@/db/queries/messages";
import { currentPhoneIdsOfPerson, setSmsStatus } from "@/db/queries/phone-status";
import { classifyTwilioFailure } from "@/lib/twilio/error-table";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { recordSendResult } from "@/lib/messaging/send/carrier-filtering";
import { createEmailFallback } from "./email-fallback";

/** Statuses after which a failure is a repeat, not a new result of the text's send. */
const FINAL: ReadonlySet<string> = new Set(["delivered", "undelivered", "failed", "canceled"]);

export type TwilioFailure = {
  messageId: number;
  errorCode: number;
  /** `failed` for a refused send request, or the failure status Twilio reported. */
  status: "failed" | "undelivered";
  source: ProviderEventSource;
  eventKey?: string | null;
  now: Date;
};

/**
 * SPEC §5, the failure table, for a refused send request and for a failure callback alike:
 * the text is marked with its reason, the phone records are disabled as the table says (with
 * history naming the error and the message), and the text is resent by email exactly once.
 * One transaction; the email job is enqueued after it commits.
 */
export async function applyTwilioFailure(db: Db, failure: TwilioFailure) {
  const { reasonCode, phoneEffect } = classifyTwilioFailure(failure.errorCode);
  const emailId = await db.transaction(async (tx) => {
    const text = await lockTextForFailure(tx, failure.messageId);
    if (!text) return null;
    await markTextFailed(tx, { messageId: text.id, status: failure.status, errorCode: failure.errorCode, reasonCode, now: failure.now });
    await recordMessageEvents(tx, [
      {
        institutionId: text.institution_id,
        messageId: text.id,
        status: failure.status,
        source: failure.source,
        errorCode: failure.errorCode,
        reasonCode,
        eventKey: failure.eventKey ?? null,
        occurredAt: failure.now,
      },
    ]);

    const actor = { type: "SYSTEM" as const, reason: reasonCode, messageId: text.id };
    if (phoneEffect === "DISABLE_ALL_PERSON_PHONES" && text.to_person_id) {
      const phoneIds = await currentPhoneIdsOfPerson(tx, { institutionId: text.institution_id, personId: text.to_person_id });
      await setSmsStatus(tx, { institutionId: text.institution_id, phoneIds, status: "SMS_DISABLED", actor, now: failure.now });
    } else if (phoneEffect === "DISABLE_PHONE" && text.to_phone_id) {
      await setSmsStatus(tx, {
        institutionId: text.institution_id,
        phoneIds: [text.to_phone_id],
        status: "SMS_DISABLED",
        actor,
        now: failure.now,
      });
    }
    // Issue 18: the text's first final status is one of its send's results (carrier filtering).
    // Counted last, after the phone records: every path locks a send's row after the phones.
    if (text.batch_id && !FINAL.has(text.status)) {
      const result = { kind: "failed" as const, errorCode: failure.errorCode };
      await recordSendResult(tx, { institutionId: text.institution_id, batchId: text.batch_id, result, now: failure.now });
    }
    return createEmailFallback(tx, { text, reasonCode, now: failure.now });
  });
  if (emailId !== null) await enqueueMessages(QUEUES.sendEmail, [emailId]);
  return { reasonCode, emailMessageId: emailId };
}
