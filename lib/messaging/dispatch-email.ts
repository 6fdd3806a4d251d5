import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { outboundColumns, outboundRows, recordMessageEvents, type OutboundRow } from "@/db/queries/messages";
import { EmailProviderError, sendEmail } from "@/lib/email/send-email";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { DISPATCH, backoffMs } from "./dispatch-policy";
import { mapLimit } from "./map-limit";
import { ts } from "@/db/queries/sql-values";

type Claimed = OutboundRow & { sender_name: string | null };

export type EmailOutcome = { sent: number; failed: number; retryAt: Map<number, Date> };

/**
 * Sends the given pending emails (SPEC §4.6): from the platform with the sender's name, reply-to
 * the sender. Each carries the idempotency key `message-<id>`, so a send repeated after a crash
 * or an unclear answer is delivered once.
 */
export async function dispatchEmail(deps: { db: Db; now: () => Date }, messageIds: readonly number[]): Promise<EmailOutcome> {
  const outcome: EmailOutcome = { sent: 0, failed: 0, retryAt: new Map() };
  if (messageIds.length === 0) return outcome;
  const now = deps.now();
  const ids = sql`${`{${messageIds.join(",")}}`}::bigint[]`;
  const staleBefore = new Date(now.getTime() - DISPATCH.staleClaimMs);
  const claimed = outboundRows(await deps.db.execute<Claimed>(sql`
    with c as (
      select id from messages
      where id = any(${ids}) and channel = 'EMAIL' and direction = 'OUTBOUND'
        and ((status = 'pending' and coalesce(next_attempt_at, '-infinity') <= ${ts(now)})
          or (status = 'sending' and claimed_at < ${ts(staleBefore)}))
      for update skip locked
    )
    update messages m set status = 'sending', claimed_at = ${ts(now)}, next_attempt_at = null, attempts = m.attempts + 1, updated_at = ${ts(now)}
    from c where m.id = c.id
    returning ${outboundColumns("m")}, (select display_name from users u where u.id = m.from_user_id) as sender_name`));

  await mapLimit(claimed, DISPATCH.concurrency, async (email) => {
    try {
      const { id } = await sendEmail({
        institutionId: email.institution_id,
        fromName: email.sender_name ?? undefined,
        to: email.to_address!,
        replyTo: email.from_address ?? undefined,
        subject: email.sender_name ? `Message from ${email.sender_name}` : "Message from your institution",
        text: email.body,
        idempotencyKey: `message-${email.id}`,
      });
      await settle(deps.db, email, { status: "sent", providerId: id, now: deps.now() });
      outcome.sent++;
    } catch (err) {
      log.warn("email send failed", { messageId: email.id, attempt: email.attempts, error: err instanceof Error ? err.message : String(err) });
      const permanent = err instanceof EmailProviderError ? !err.retryable : isAppError(err) && err.code === "VALIDATION";
      if (permanent || email.attempts >= DISPATCH.maxAttempts) {
        await settle(deps.db, email, { status: "failed", providerId: null, now: deps.now() });
        outcome.failed++;
      } else {
        const retryAt = new Date(deps.now().getTime() + backoffMs(email.attempts));
        await deps.db.execute(sql`
          update messages set status = 'pending', next_attempt_at = ${ts(retryAt)}, updated_at = ${ts(deps.now())}
          where id = ${email.id} and status = 'sending'`);
        outcome.retryAt.set(email.id, retryAt);
      }
    }
  });
  return outcome;
}

async function settle(db: Db, email: Claimed, r: { status: "sent" | "failed"; providerId: string | null; now: Date }) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update messages set status = ${r.status}, provider_id = coalesce(${r.providerId}, provider_id),
        sent_at = case when ${r.status} = 'sent' then ${ts(r.now)} else sent_at end,
        claimed_at = null, updated_at = ${ts(r.now)}
      where id = ${email.id} and status = 'sending'`);
    await recordMessageEvents(tx, [
      { institutionId: email.institution_id, messageId: email.id, status: r.status, source: "RESEND", occurredAt: r.now },
    ]);
  });
}
