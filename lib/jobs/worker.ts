import "server-only";
import type PgBoss from "pg-boss";
import type twilio from "twilio";
import type { Db } from "@/db";
import { getEnv } from "@/lib/env";
import { findMessagesToRetrigger } from "@/db/queries/messages";
import { findOutboxesCreatedBefore, listenForOutboxes } from "@/db/queries/send-outbox";
import { findDueScheduledSends } from "@/db/queries/sends";
import { enqueueMessages, enqueueWriteSend, type ReleaseSendJob, type SendPausedJob, type WriteSendJob } from "./enqueue";
import { oldestWaitingJobs, sendsWithLiveWriteJob } from "./pgboss-tables";
import { QUEUES } from "./queues";
import { interruptStaleImports } from "@/lib/imports/interrupt-stale-imports";
import { describeError, log } from "@/lib/log";
import { dispatchEmail } from "@/lib/messaging/dispatch/dispatch-email";
import { DISPATCH } from "@/lib/messaging/dispatch/dispatch-policy";
import { dispatchSms } from "@/lib/messaging/dispatch/dispatch-sms";
import { notifyReplies } from "@/lib/messaging/inbound/notify-reply";
import { WRITERS_PER_SEND, writeSendOutbox } from "@/lib/messaging/send/write-send-outbox";
import { releaseScheduledSend } from "@/lib/messaging/send/release-scheduled-send";
import { notifySendPaused } from "@/lib/messaging/send/notify-send-paused";
import { reconcileStatuses } from "@/lib/messaging/lifecycle/reconcile-statuses";
import { providerContext } from "@/lib/service-context";

type JobData = { messageIds: number[] };

export type WorkerDeps = {
  db: Db;
  boss: PgBoss;
  twilio: twilio.Twilio;
  statusCallbackUrl: string;
  /** The app's public URL, for links in emails (default PUBLIC_BASE_URL). */
  publicBaseUrl?: string;
  /** The worker's clock: each job's context is built with its reading when the job starts. */
  now?: () => Date;
  /** Status reconciliation's ages (default RECONCILE_AFTER_MINUTES, RECONCILE_GIVE_UP_HOURS). */
  reconcile?: { afterMs: number; giveUpMs: number };
};

/**
 * Work options tuned for throughput: several jobs per fetch, frequent polls. A worker that
 * fetched a full batch fetches again at once (`keepFetching`) instead of waiting for its poll.
 */
const WORK_OPTIONS = { batchSize: DISPATCH.jobsPerFetch, pollingIntervalSeconds: 0.5 } as const;
/** How often the sweep looks for work whose trigger was lost or whose claim went stale. */
export const SWEEP_INTERVAL_MS = 10_000;
/** An outbox row this old has lost its writing job (one takes seconds, and expires after 30 s). */
const SWEEP_OUTBOX_AFTER_MS = 60_000;
/** A scheduled send this late has lost its release job (which runs within a couple of seconds of the time): the sweep releases it. */
const SWEEP_RELEASE_AFTER_MS = 5_000;
/** A job is queued after its send commits: this much later than its messages' time, at most. */
const SWEEP_QUEUE_MARGIN_MS = 60_000;

/**
 * The sending worker (`npm run worker`): pg-boss handlers for texts, emails, reply
 * notifications and the writing of large sends' outboxes, plus a sweep
 * that re-triggers messages left pending or half-sent by a process that died (and ends imports
 * such a process left RUNNING: lib/imports/interrupt-stale-imports.ts) and looks up at Twilio
 * the texts whose final status never came (lib/messaging/lifecycle/reconcile-statuses.ts). Jobs are only
 * triggers, so a duplicate does nothing; a retry is a new job at the message's next attempt time.
 * Every job runs with its own ServiceContext (actor: the worker; `now`: when the job started).
 */
export async function startWorker(deps: WorkerDeps) {
  const now = deps.now ?? (() => new Date());
  const jobContext = () => providerContext(deps.db, "worker", now());
  const twilioEdge = { twilio: deps.twilio, statusCallbackUrl: deps.statusCallbackUrl };

  const keepFetching = (workerIds: string[], jobs: readonly unknown[]) => {
    if (jobs.length >= WORK_OPTIONS.batchSize) for (const id of workerIds) deps.boss.notifyWorker(id);
  };
  const smsWorkers: string[] = [];
  for (let i = 0; i < DISPATCH.fetchLoops; i++) {
    smsWorkers.push(
      await deps.boss.work<JobData>(QUEUES.dispatchSms, WORK_OPTIONS, async (jobs) => {
        const ids = jobs.flatMap((j) => j.data.messageIds);
        const outcome = await dispatchSms({ ctx: jobContext(), messageIds: ids, ...twilioEdge });
        await scheduleRetries(QUEUES.dispatchSms, outcome.retryAt);
        keepFetching(smsWorkers, jobs);
      }),
    );
  }
  const emailWorkers: string[] = [];
  emailWorkers.push(
    await deps.boss.work<JobData>(QUEUES.sendEmail, WORK_OPTIONS, async (jobs) => {
      const ids = jobs.flatMap((j) => j.data.messageIds);
      const outcome = await dispatchEmail({ ctx: jobContext(), messageIds: ids });
      await scheduleRetries(QUEUES.sendEmail, outcome.retryAt);
      keepFetching(emailWorkers, jobs);
    }),
  );
  // A reply is one job: without fetching again at once, a busy hour's replies would go out at
  // one batch per polling interval (16 emails/s) however fast Resend takes them.
  const notifyWorkers: string[] = [];
  notifyWorkers.push(
    await deps.boss.work<JobData>(QUEUES.notifyReply, WORK_OPTIONS, async (jobs) => {
      await notifyReplies({
        ctx: jobContext(),
        publicBaseUrl: deps.publicBaseUrl ?? getEnv().PUBLIC_BASE_URL,
        messageIds: jobs.flatMap((j) => j.data.messageIds),
      });
      keepFetching(notifyWorkers, jobs);
    }),
  );

  // A large send's rows, from its outbox to messages (each chunk triggers its own dispatch):
  // WRITERS_PER_SEND writers side by side, woken by the send's commit rather than their poll.
  const outboxWriters: string[] = [];
  for (let i = 0; i < WRITERS_PER_SEND; i++) {
    outboxWriters.push(
      await deps.boss.work<WriteSendJob>(QUEUES.writeSend, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        const written = await writeSendOutbox({ ctx: jobContext(), input: job.data });
        if (written > 0) log.info("send written from its outbox", { ...job.data, messages: written });
      }),
    );
  }
  // Scheduled sends (SPEC §9), each released by its job at its time; the sweep releases what a lost job missed.
  await deps.boss.work<ReleaseSendJob>(QUEUES.releaseSend, { batchSize: 4, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await releaseScheduledSend({ ctx: jobContext(), input: job.data });
  });
  // A send paused for carrier filtering (issue 18): its sender and administrators are told, once.
  await deps.boss.work<SendPausedJob>(QUEUES.notifySendPaused, { batchSize: 4, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      await notifySendPaused({ ctx: jobContext(), publicBaseUrl: deps.publicBaseUrl ?? getEnv().PUBLIC_BASE_URL, ...job.data });
    }
  });
  const unlisten = await listenForOutboxes(() => {
    for (const id of outboxWriters) deps.boss.notifyWorker(id);
  });

  // Imports that a dead process left RUNNING are ended here too: the worker is the one process
  // that always runs; the look-up is an index probe of the few running imports.
  const sweepImports = () =>
    interruptStaleImports(deps.db).catch((err) => log.error("import sweep failed", describeError(err)));
  // One reconciliation run at a time per process: a slow Twilio must not pile runs up.
  const env = getEnv();
  const ages = deps.reconcile ?? { afterMs: env.RECONCILE_AFTER_MINUTES * 60_000, giveUpMs: env.RECONCILE_GIVE_UP_HOURS * 3_600_000 };
  let reconciling: Promise<unknown> | null = null;
  const reconcile = () => {
    reconciling ??= reconcileStatuses({ ctx: jobContext(), twilio: deps.twilio, ...ages })
      .catch((err) => log.error("status reconciliation failed", describeError(err)))
      .finally(() => (reconciling = null));
  };
  const timer = setInterval(() => {
    sweep(deps.db, now()).catch((err) => log.error("sweep failed", describeError(err)));
    void sweepImports();
    reconcile();
  }, SWEEP_INTERVAL_MS);
  await sweep(deps.db, now());
  await sweepImports();
  return {
    stop: () => {
      clearInterval(timer);
      void unlisten().catch(() => {});
    },
  };
}

async function scheduleRetries(queue: (typeof QUEUES)[keyof typeof QUEUES], retryAt: Map<number, Date>) {
  const byTime = new Map<number, number[]>();
  for (const [id, at] of retryAt) byTime.set(at.getTime(), [...(byTime.get(at.getTime()) ?? []), id]);
  for (const [at, ids] of byTime) await enqueueMessages(queue, ids, { startAfter: new Date(at) });
}

/**
 * Re-triggers outbound messages that should be moving but have no live job: pending ones due
 * for a while, and claims older than a dead worker could hold (SPEC §5: a half-done send
 * resumes within a minute). A pending message is re-triggered only once its queue has moved
 * past it — the oldest job still waiting there is more than SWEEP_QUEUE_MARGIN_MS younger than
 * the message, so the job made for it has been taken — and a large send that takes longer to
 * drain than the sweep's delay is not queued a second time behind itself.
 */
export async function sweep(db: Db, now: Date) {
  // Scheduled sends past their time whose job was lost (or failed for good): the database is the truth.
  const due = await findDueScheduledSends(db, { now: new Date(now.getTime() - SWEEP_RELEASE_AFTER_MS), limit: 100 });
  for (const send of due) await releaseScheduledSend({ ctx: providerContext(db, "worker", now), input: { batchId: send.id } });
  if (due.length > 0) log.info("sweep releases scheduled sends", { count: due.length });
  // A send whose outbox waited over a minute with no job left for it had its job fail for good
  // (or lost): queue another.
  const outboxes = await findOutboxesCreatedBefore(db, { before: new Date(now.getTime() - SWEEP_OUTBOX_AFTER_MS), limit: 1000 });
  const live = await sendsWithLiveWriteJob(db, QUEUES.writeSend, outboxes.map((o) => o.batchId));
  const lost = outboxes.filter((o) => !live.has(o.batchId));
  for (const outbox of lost) await enqueueWriteSend(outbox, db);
  if (lost.length > 0) log.info("sweep re-triggers outboxes", { count: lost.length });
  const oldest = await oldestWaitingJobs(db, [QUEUES.dispatchSms, QUEUES.sendEmail]);
  const movedPast = (queue: string) => {
    const at = oldest.get(queue);
    return at ? new Date(at.getTime() - SWEEP_QUEUE_MARGIN_MS) : null;
  };
  const rows = await findMessagesToRetrigger(db, {
    pendingBefore: new Date(now.getTime() - SWEEP_INTERVAL_MS * 2),
    staleBefore: new Date(now.getTime() - DISPATCH.staleClaimMs),
    movedPast: { SMS: movedPast(QUEUES.dispatchSms), EMAIL: movedPast(QUEUES.sendEmail) },
    limit: 10_000,
  });
  if (rows.length === 0) return 0;
  log.info("sweep re-triggers messages", { count: rows.length });
  await enqueueMessages(QUEUES.dispatchSms, rows.filter((r) => r.channel === "SMS").map((r) => r.id));
  await enqueueMessages(QUEUES.sendEmail, rows.filter((r) => r.channel === "EMAIL").map((r) => r.id));
  return rows.length;
}
