import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type twilio from "twilio";
import type { Db } from "@/db";
import { getEnv } from "@/lib/env";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { EmailProviderError } from "@/lib/email/send-email";
import { describeError, log } from "@/lib/log";
import { dispatchEmail } from "./dispatch-email";
import { DISPATCH } from "./dispatch-policy";
import { dispatchSms } from "./dispatch-sms";
import { mapLimit } from "./map-limit";
import { notifyReply, type NotifyReplyDeps } from "./notify-reply";
import { ts } from "@/db/queries/sql-values";

type JobData = { messageIds: number[] };

export type WorkerDeps = {
  db: Db;
  boss: PgBoss;
  twilio: twilio.Twilio;
  statusCallbackUrl: string;
  /** The app's public URL, for links in emails (default PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  now?: () => Date;
};

/** Work options tuned for throughput: several jobs per fetch, frequent polls. */
const WORK_OPTIONS = { batchSize: 8, pollingIntervalSeconds: 0.5 } as const;
/** How often the sweep looks for work whose trigger was lost or whose claim went stale. */
export const SWEEP_INTERVAL_MS = 10_000;

/**
 * The sending worker (`npm run worker`): pg-boss handlers for texts and emails, plus a sweep
 * that re-triggers messages left pending or half-sent by a process that died. Jobs are only
 * triggers, so a duplicate does nothing; a retry is a new job at the message's next attempt time.
 */
export async function startWorker(deps: WorkerDeps) {
  const now = deps.now ?? (() => new Date());
  const smsDeps = { db: deps.db, twilio: deps.twilio, statusCallbackUrl: deps.statusCallbackUrl, now };

  await deps.boss.work<JobData>(QUEUES.dispatchSms, WORK_OPTIONS, async (jobs) => {
    const ids = jobs.flatMap((j) => j.data.messageIds);
    const outcome = await dispatchSms(smsDeps, ids);
    await scheduleRetries(QUEUES.dispatchSms, outcome.retryAt);
  });
  await deps.boss.work<JobData>(QUEUES.sendEmail, WORK_OPTIONS, async (jobs) => {
    const ids = jobs.flatMap((j) => j.data.messageIds);
    const outcome = await dispatchEmail({ db: deps.db, now }, ids);
    await scheduleRetries(QUEUES.sendEmail, outcome.retryAt);
  });
  await deps.boss.work<JobData>(QUEUES.notifyReply, WORK_OPTIONS, async (jobs) => {
    await notifyReplies({ db: deps.db, publicBaseUrl: deps.publicBaseUrl ?? getEnv().PUBLIC_BASE_URL }, jobs.flatMap((j) => j.data.messageIds));
  });

  const timer = setInterval(() => {
    sweep(deps.db, now()).catch((err) => log.error("sweep failed", { error: err instanceof Error ? err.message : String(err) }));
  }, SWEEP_INTERVAL_MS);
  await sweep(deps.db, now());
  return { stop: () => clearInterval(timer) };
}

/**
 * Sends the reply notifications of these inbound texts. A notification Resend may take later
 * fails the job, so pg-boss retries it with backoff (the idempotency key keeps the ones already
 * sent from going twice); one it refused for good is only logged.
 */
async function notifyReplies(deps: NotifyReplyDeps, messageIds: number[]) {
  let retry = 0;
  await mapLimit(messageIds, DISPATCH.concurrency, async (messageId) => {
    try {
      const result = await notifyReply(deps, messageId);
      if (result.outcome === "skipped") log.info("reply notification skipped", { messageId, reason: result.reason });
    } catch (err) {
      const retryable = !(err instanceof EmailProviderError) || err.retryable;
      log.warn("reply notification failed", { messageId, retryable, ...describeError(err) });
      if (retryable) retry++;
    }
  });
  if (retry > 0) throw new Error(`${retry} reply notification(s) to retry`);
}

async function scheduleRetries(queue: (typeof QUEUES)[keyof typeof QUEUES], retryAt: Map<number, Date>) {
  const byTime = new Map<number, number[]>();
  for (const [id, at] of retryAt) byTime.set(at.getTime(), [...(byTime.get(at.getTime()) ?? []), id]);
  for (const [at, ids] of byTime) await enqueueMessages(queue, ids, { startAfter: new Date(at) });
}

/**
 * Re-triggers outbound messages that should be moving but have no live job: pending ones due
 * for a while, and claims older than a dead worker could hold (SPEC §5: a half-done send
 * resumes within a minute).
 */
export async function sweep(db: Db, now: Date) {
  const pendingBefore = new Date(now.getTime() - SWEEP_INTERVAL_MS * 2);
  const staleBefore = new Date(now.getTime() - DISPATCH.staleClaimMs);
  const rows = await db.execute<{ id: number; channel: "SMS" | "EMAIL" }>(sql`
    select id, channel from messages
    where direction = 'OUTBOUND' and status in ('pending', 'sending')
      and ((status = 'pending' and created_at < ${ts(pendingBefore)} and coalesce(next_attempt_at, '-infinity') <= ${ts(pendingBefore)})
        or (status = 'sending' and (claimed_at < ${ts(staleBefore)} or next_attempt_at <= ${ts(pendingBefore)})))
    order by created_at
    limit 10000`);
  if (rows.length === 0) return 0;
  log.info("sweep re-triggers messages", { count: rows.length });
  await enqueueMessages(QUEUES.dispatchSms, rows.filter((r) => r.channel === "SMS").map((r) => Number(r.id)));
  await enqueueMessages(QUEUES.sendEmail, rows.filter((r) => r.channel === "EMAIL").map((r) => Number(r.id)));
  return rows.length;
}
