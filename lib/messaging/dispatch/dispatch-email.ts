import "server-only";
import { randomUUID } from "node:crypto";
import pMap from "p-map";
import type { Resend } from "resend";
import type { Db } from "@/db";
import { claimDueEmails, postponeEmails, settleEmails, splitEmailRequest, type ClaimedEmail } from "@/db/queries/email-dispatch";
import { notifyMessagesChanged } from "@/db/queries/live-events";
import { getResendClient } from "@/lib/email/client";
import { EmailProviderError, MAX_BATCH_EMAILS, sendEmail, sendEmailBatch, type EmailInput } from "@/lib/email/send-email";
import { isAppError } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import { DISPATCH, backoffMs } from "./dispatch-policy";

export type EmailOutcome = { sent: number; failed: number; retryAt: Map<number, Date> };

/** The edge an email dispatch talks to: the Resend client (real, the local stand-in, or a test's faulty one). */
export type ResendEdge = {
  /** The Resend client (default: the app's, real or the local stand-in). */
  resend?: Resend;
  /** How long one request to Resend may take (default RESEND_TIMEOUT_MS). */
  timeoutMs?: number;
};

/** One email dispatch job: the worker's context (its `now` is the job's clock) and the Resend edge. */
type EmailDeps = { ctx: ServiceContext<ProviderActor>; resend: Resend; timeoutMs?: number };

/** Resend requests one worker process keeps in flight (each a batch of up to 100 emails). */
const REQUESTS_IN_FLIGHT = 4;

/**
 * Sends the given pending emails (SPEC §4.6 for the addresses), each exactly once.
 *
 * Emails go to Resend in batches of up to 100 per request (`POST /emails/batch`): Resend's
 * default limit is 2 requests a second per team, so one email per request would send a large
 * send's fallback emails at 2 a second. A batch's `Idempotency-Key` covers the whole request,
 * so the key is written on its emails (`request_key`) when they are claimed, before anything
 * is sent: after an unclear answer (5xx, timeout) or a worker that died mid-request, the same
 * emails are claimed together again and resent under the same key, and Resend sends none of
 * them twice. A batch Resend refuses as invalid (422: nothing of it was sent) is split, and its
 * emails are sent one by one under `message-<id>` (their request key from then on), so one bad
 * address fails only its own email.
 */
export async function dispatchEmail(
  input: { ctx: ServiceContext<ProviderActor>; messageIds: readonly number[] } & ResendEdge,
): Promise<EmailOutcome> {
  const { ctx, messageIds } = input;
  const outcome: EmailOutcome = { sent: 0, failed: 0, retryAt: new Map() };
  if (messageIds.length === 0) return outcome;
  const claimed = await claimEmails(ctx.db, messageIds, ctx.now);
  const requests = new Map<string, ClaimedEmail[]>();
  for (const email of claimed) requests.set(email.request_key, [...(requests.get(email.request_key) ?? []), email]);
  const deps: EmailDeps = { ctx, resend: input.resend ?? getResendClient(), timeoutMs: input.timeoutMs };
  try {
    // Every request is made even when another's record fails, and the job ends only when all have.
    await pMap([...requests], ([key, emails]) => sendRequest(deps, key, emails, outcome), { concurrency: REQUESTS_IN_FLIGHT, stopOnError: false });
  } finally {
    // Issue 18: one live event per job for its conversations and sends.
    await notifyMessagesChanged(ctx.db, { messageIds: claimed.map((e) => e.id) });
  }
  return outcome;
}

/** One request to Resend: an email alone under `message-<id>`, or a batch under its claim's key. */
async function sendRequest(deps: EmailDeps, key: string, emails: ClaimedEmail[], outcome: EmailOutcome) {
  const { db, now } = deps.ctx;
  if (key === singleKey(emails[0].id)) return sendOne(deps, emails[0], outcome);
  try {
    const ids = await sendEmailBatch(emails.map(emailInput), key, deps.resend, deps.timeoutMs);
    await settle(db, emails, { status: "sent", providerIds: ids, now });
    outcome.sent += emails.length;
  } catch (err) {
    log.warn("email batch failed", { requestKey: key, emails: emails.length, attempt: emails[0].attempts, ...errorFields(err) });
    if (err instanceof EmailProviderError && err.providerStatus === 422 && emails.length > 1) {
      // Nothing of the batch was sent: each email now goes alone, under its own key for good.
      await splitEmailRequest(db, { requestKey: key, now });
      for (const email of emails) await sendOne(deps, { ...email, request_key: singleKey(email.id) }, outcome);
      return;
    }
    await failOrRetry(deps, emails, err, outcome);
  }
}

/** The request key of an email sent alone (split from a refused batch, see splitEmailRequest). */
const singleKey = (messageId: number) => `message-${messageId}`;

/** Claims the due emails among `messageIds`, each new one with its batch's request key (see claimDueEmails). */
function claimEmails(db: Db, messageIds: readonly number[], now: Date): Promise<ClaimedEmail[]> {
  const staleBefore = new Date(now.getTime() - DISPATCH.staleClaimMs);
  return claimDueEmails(db, { messageIds, now, staleBefore, perRequest: MAX_BATCH_EMAILS, token: `emails/${randomUUID()}` });
}

function emailInput(email: ClaimedEmail): EmailInput {
  return {
    institutionId: email.institution_id,
    fromName: email.sender_name ?? undefined,
    to: email.to_address!,
    replyTo: email.from_address ?? undefined,
    subject: email.sender_name ? `Message from ${email.sender_name}` : "Message from your institution",
    text: email.body,
  };
}

/** One email in its own request, under the key `message-<id>`. */
async function sendOne(deps: EmailDeps, email: ClaimedEmail, outcome: EmailOutcome) {
  try {
    const { id } = await sendEmail({ ...emailInput(email), idempotencyKey: singleKey(email.id) }, deps.resend, deps.timeoutMs);
    await settle(deps.ctx.db, [email], { status: "sent", providerIds: [id], now: deps.ctx.now });
    outcome.sent++;
  } catch (err) {
    log.warn("email send failed", { messageId: email.id, attempt: email.attempts, ...errorFields(err) });
    await failOrRetry(deps, [email], err, outcome);
  }
}

/**
 * After a request that was not accepted: emails refused for good (or out of attempts) fail;
 * the others wait for their next attempt, keeping their request key, since an unclear answer
 * may mean Resend sent them.
 */
async function failOrRetry(deps: EmailDeps, emails: ClaimedEmail[], err: unknown, outcome: EmailOutcome) {
  const { db, now } = deps.ctx;
  const permanent = err instanceof EmailProviderError ? !err.retryable : isAppError(err) && err.code === "VALIDATION";
  if (permanent || emails[0].attempts >= DISPATCH.maxAttempts) {
    await settle(db, emails, { status: "failed", providerIds: null, now });
    outcome.failed += emails.length;
    return;
  }
  const retryAt = new Date(now.getTime() + backoffMs(emails[0].attempts));
  const ids = emails.map((e) => e.id);
  await postponeEmails(db, { messageIds: ids, retryAt, now });
  for (const id of ids) outcome.retryAt.set(id, retryAt);
}

/** Records the outcome of the emails of one request, with an event each, in one transaction. */
function settle(db: Db, emails: ClaimedEmail[], r: { status: "sent" | "failed"; providerIds: string[] | null; now: Date }) {
  return settleEmails(db, { emails: emails.map((e) => ({ id: e.id, institutionId: e.institution_id })), ...r });
}

/** What is logged of a failed send: the provider's status and code; the message is masked by lib/log. */
function errorFields(err: unknown) {
  return err instanceof EmailProviderError
    ? { error: err.message, providerStatus: err.providerStatus, providerCode: err.providerCode }
    : { error: describeError(err) };
}
