import "server-only";
import { loadDeliverySettings, loadRecipients } from "@/db/queries/delivery";
import { personalizeSend } from "@/lib/messaging/templates/personalize";
import { getMonthlyUsage } from "@/db/queries/sms-usage";
import { findKnownPersonIds, insertScheduledSend } from "@/db/queries/sends";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { enqueueReleaseSend } from "@/lib/jobs/enqueue";
import type { ServiceContext } from "@/lib/service-context";
import type { SendMessagesInput, SendMessagesResult } from "./schemas";
import { monthStartInZone } from "./month";
import { countCharacters } from "./segments";
import { compileBody, missingFieldsError } from "@/lib/messaging/templates/refusals";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A send for later goes at least this far ahead: the worker releases within 60 s of the time (SPEC §9). */
export const SCHEDULE_MIN_LEAD_MS = 60_000;
/** …and at most this far: a bound on what waits in the table, not a product rule. */
export const SCHEDULE_MAX_LEAD_MS = 366 * 24 * 3_600_000;

/** The send time checked against `now`: a VALIDATION error on `sendAt` unless 1 minute to 1 year ahead. */
export function checkSendAt(sendAt: string | Date, now: Date): Date {
  const at = new Date(sendAt);
  if (Number.isNaN(at.getTime())) throw new AppError("VALIDATION", "sendAt: not a date and time", { sendAt: "Not a date and time." });
  if (at.getTime() < now.getTime() + SCHEDULE_MIN_LEAD_MS) {
    throw new AppError("VALIDATION", "sendAt: must be at least a minute from now", { sendAt: "Choose a time at least a minute from now." });
  }
  if (at.getTime() > now.getTime() + SCHEDULE_MAX_LEAD_MS) {
    throw new AppError("VALIDATION", "sendAt: must be within a year", { sendAt: "Choose a time within a year from now." });
  }
  return at;
}

/**
 * The body of a scheduled send, checked as input when it is stored or edited: not empty, not
 * over the institution's SMS length. (The decision at release checks again, SPEC §4.2.)
 */
export function checkScheduledBody(body: string, smsMaxLength: number) {
  if (body.trim() === "") throw new AppError("VALIDATION", "body: the message is empty", { body: "Write a message." });
  compileBody(body);
  if (countCharacters(body) > smsMaxLength) {
    throw new AppError("VALIDATION", `body: longer than ${smsMaxLength} characters`, { body: `The message is longer than ${smsMaxLength} characters.` });
  }
}

/**
 * SPEC §10 for a send for later: its merge fields are known, and none would be empty without a
 * fallback for any recipient as they stand now (else VALIDATION, naming them). The release
 * renders again and refuses only a recipient whose field has emptied since (EMPTY_MERGE_FIELD).
 */
export async function checkMergeFieldsNow(ctx: ServiceContext, body: string, recipientIds: readonly string[], institutionName: string) {
  const template = compileBody(body);
  if (template.fields.length === 0) return;
  const recipients = await loadRecipients(ctx.db, ctx.actor.institutionId, recipientIds, { mergeFields: true });
  const { missing } = personalizeSend({ template, recipients, facts: { senderName: ctx.actor.displayName, institutionName }, footer: null });
  if (missing.length > 0) throw missingFieldsError(missing);
}

/**
 * A send for later (SPEC §9): stores the recipients and body only, with its release job for
 * `sendAt`. No decision, no monthly count and no number is taken now: the release takes them
 * (release-scheduled-send.ts) as the sender then stands. Ids that are not people of the
 * institution are reported and not stored.
 */
export async function scheduleSend({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: Omit<SendMessagesInput, "body" | "templateId"> & { body: string; templateId: string | null };
}): Promise<SendMessagesResult> {
  const { actor, now } = ctx;
  authorize(actor, "messages.compose");
  const sendAt = checkSendAt(input.sendAt!, now);
  const settings = await loadDeliverySettings(ctx.db, actor.institutionId);
  checkScheduledBody(input.body, settings.smsMaxLength);
  const ids = [...new Set(input.recipientIds)];
  const known = await findKnownPersonIds(ctx.db, { institutionId: actor.institutionId, ids: ids.filter((id) => UUID.test(id)) });
  await checkMergeFieldsNow(ctx, input.body, known, settings.institutionName);
  const knownSet = new Set(known);
  const unknownRecipientIds = ids.filter((id) => !knownSet.has(id));
  if (known.length === 0) throw new AppError("VALIDATION", "recipientIds: none of them is a person here", { recipientIds: "None of the recipients is a person of your institution." });
  const batchId = await ctx.db.transaction(async (tx) => {
    const id = await insertScheduledSend(tx, {
      institutionId: actor.institutionId,
      senderUserId: actor.userId,
      senderPersonId: actor.personId,
      body: input.body,
      templateId: input.templateId,
      recipientIds: known,
      scheduledFor: sendAt,
      now,
    });
    await enqueueReleaseSend({ institutionId: actor.institutionId, batchId: id }, sendAt, tx);
    return id;
  });
  return {
    batchId,
    refused: null,
    results: [],
    unknownRecipientIds,
    summary: { texts: 0, emails: 0, undeliverable: 0, refused: 0 },
    // Read only: the month's texts are counted at release.
    monthly: await getMonthlyUsage(ctx.db, { institutionId: actor.institutionId, month: monthStartInZone(now, settings.timeZone) }),
    senderNumber: null,
    state: "scheduled",
    scheduledFor: sendAt.toISOString(),
  };
}
