import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Resend } from "resend";
import type { Db } from "@/db";
import { outboundColumns, outboundRows, recordMessageEvents, type OutboundRow } from "@/db/queries/messages";
import { bigintArray, textArray, ts } from "@/db/queries/sql-values";
import { getResendClient } from "@/lib/email/client";
import { EmailProviderError, MAX_BATCH_EMAILS, sendEmail, sendEmailBatch, type EmailInput } from "@/lib/email/send-email";
import { isAppError } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { DISPATCH, backoffMs } from "./dispatch-policy";
import { mapLimit } from "@/lib/map-limit";

type Claimed = OutboundRow & { sender_name: string | null; request_key: string | null };

export type EmailOutcome = { sent: number; failed: number; retryAt: Map<number, Date> };

export type EmailDeps = {
  db: Db;
  now: () => Date;
  /** The Resend client (default: the app's, real or the local stand-in). */
  resend?: Resend;
  /** How long one request to Resend may take (default RESEND_TIMEOUT_MS). */
  timeoutMs?: number;
};

/** Resend requests one worker process keeps in flight (each a batch of up to 100 emails). */
const REQUESTS_IN_FLIGHT = 4;

/**
 * Sends the given pending emails (SPEC §4.6): from the platform with the sender's name, reply-to
 * the sender, each email exactly once.
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
export async function dispatchEmail(deps: EmailDeps, messageIds: readonly number[]): Promise<EmailOutcome> {
  const outcome: EmailOutcome = { sent: 0, failed: 0, retryAt: new Map() };
  if (messageIds.length === 0) return outcome;
  const claimed = await claimEmails(deps.db, messageIds, deps.now());
  const requests = new Map<string, Claimed[]>();
  for (const email of claimed) {
    const key = email.request_key ?? singleKey(email.id);
    requests.set(key, [...(requests.get(key) ?? []), email]);
  }
  const resend = deps.resend ?? getResendClient();
  await mapLimit([...requests], REQUESTS_IN_FLIGHT, async ([key, emails]) => {
    if (key === singleKey(emails[0].id)) return sendOne(deps, resend, emails[0], outcome);
    try {
      const ids = await sendEmailBatch(emails.map(emailInput), key, resend, deps.timeoutMs);
      await settle(deps.db, emails, { status: "sent", providerIds: ids, now: deps.now() });
      outcome.sent += emails.length;
    } catch (err) {
      log.warn("email batch failed", { requestKey: key, emails: emails.length, attempt: emails[0].attempts, ...errorFields(err) });
      if (err instanceof EmailProviderError && err.providerStatus === 422 && emails.length > 1) {
        // Nothing of the batch was sent: each email now goes alone, under its own key for good.
        await deps.db.execute(sql`
          update messages set request_key = 'message-' || id, updated_at = ${ts(deps.now())}
          where request_key = ${key} and status = 'sending'`);
        for (const email of emails) await sendOne(deps, resend, { ...email, request_key: singleKey(email.id) }, outcome);
        return;
      }
      await failOrRetry(deps, emails, err, outcome);
    }
  });
  return outcome;
}

/** The request key of an email sent on its own, as the previous version sent every email. */
const singleKey = (messageId: number) => `message-${messageId}`;

/**
 * Claims the emails among `messageIds` that are due: pending ones whose time has come, and ones
 * left `sending` by a worker that died. Emails never tried are given batch keys, one per 100;
 * an email tried before without a key (by the previous version, which sent each email alone)
 * gets the key it was sent with, `message-<id>`. An email that has a key is claimed with every
 * other email of that key, so a request is always resent whole; that statement waits for rows
 * another worker is claiming, then skips them (they are no longer due), so a request is never
 * split between two workers.
 */
async function claimEmails(db: Db, messageIds: readonly number[], now: Date): Promise<Claimed[]> {
  const ids = bigintArray(messageIds);
  const due = (alias: string) => {
    const m = sql.raw(alias);
    return sql`((${m}.status = 'pending' and coalesce(${m}.next_attempt_at, '-infinity') <= ${ts(now)})
      or (${m}.status = 'sending' and ${m}.claimed_at < ${ts(new Date(now.getTime() - DISPATCH.staleClaimMs))}))`;
  };
  const returning = sql`${outboundColumns("m")}, m.request_key, (select display_name from users u where u.id = m.from_user_id) as sender_name`;
  const claim = sql`status = 'sending', claimed_at = ${ts(now)}, next_attempt_at = null, attempts = m.attempts + 1, updated_at = ${ts(now)}`;
  const token = `emails/${randomUUID()}`;
  const fresh = await db.execute<Claimed>(sql`
    with c as (
      select id, attempts from messages m
      where id = any(${ids}) and channel = 'EMAIL' and direction = 'OUTBOUND' and request_key is null and ${due("m")}
      order by id
      for update skip locked
    ), n as (
      select id, attempts, (row_number() over (partition by attempts = 0 order by id) - 1) / ${MAX_BATCH_EMAILS} as chunk from c
    )
    update messages m set ${claim},
      request_key = case when n.attempts = 0 then ${token} || '/' || n.chunk else 'message-' || m.id end
    from n where m.id = n.id
    returning ${returning}`);
  const keyed = await db.execute<Claimed>(sql`
    with k as materialized (
      select distinct request_key from messages k
      where id = any(${ids}) and channel = 'EMAIL' and direction = 'OUTBOUND' and request_key is not null and ${due("k")}
    )
    update messages m set ${claim}
    from k where m.request_key = k.request_key and m.channel = 'EMAIL' and ${due("m")}
    returning ${returning}`);
  return outboundRows([...fresh, ...keyed]).sort((a, b) => a.id - b.id);
}

function emailInput(email: Claimed): EmailInput {
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
async function sendOne(deps: EmailDeps, resend: Resend, email: Claimed, outcome: EmailOutcome) {
  try {
    const { id } = await sendEmail({ ...emailInput(email), idempotencyKey: `message-${email.id}` }, resend, deps.timeoutMs);
    await settle(deps.db, [email], { status: "sent", providerIds: [id], now: deps.now() });
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
async function failOrRetry(deps: EmailDeps, emails: Claimed[], err: unknown, outcome: EmailOutcome) {
  const permanent = err instanceof EmailProviderError ? !err.retryable : isAppError(err) && err.code === "VALIDATION";
  if (permanent || emails[0].attempts >= DISPATCH.maxAttempts) {
    await settle(deps.db, emails, { status: "failed", providerIds: null, now: deps.now() });
    outcome.failed += emails.length;
    return;
  }
  const retryAt = new Date(deps.now().getTime() + backoffMs(emails[0].attempts));
  const ids = emails.map((e) => e.id);
  await deps.db.execute(sql`
    update messages set status = 'pending', next_attempt_at = ${ts(retryAt)}, updated_at = ${ts(deps.now())}
    where id = any(${bigintArray(ids)}) and status = 'sending'`);
  for (const id of ids) outcome.retryAt.set(id, retryAt);
}

/** Records the outcome of the emails of one request, with an event each, in one transaction. */
async function settle(db: Db, emails: Claimed[], r: { status: "sent" | "failed"; providerIds: string[] | null; now: Date }) {
  const ids = emails.map((e) => e.id);
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update messages m set status = ${r.status}, provider_id = coalesce(p.provider_id, m.provider_id),
        sent_at = case when ${r.status} = 'sent' then ${ts(r.now)} else m.sent_at end,
        claimed_at = null, request_key = null, updated_at = ${ts(r.now)}
      from unnest(${bigintArray(ids)}, ${textArray(r.providerIds ?? ids.map(() => null))}) as p(id, provider_id)
      where m.id = p.id and m.status = 'sending'`);
    await recordMessageEvents(
      tx,
      emails.map((email) => ({ institutionId: email.institution_id, messageId: email.id, status: r.status, source: "RESEND" as const, occurredAt: r.now })),
    );
  });
}

/** What is logged of a failed send: the provider's status and code; the message is masked by lib/log. */
function errorFields(err: unknown) {
  return err instanceof EmailProviderError
    ? { error: err.message, providerStatus: err.providerStatus, providerCode: err.providerCode }
    : { error: describeError(err) };
}
