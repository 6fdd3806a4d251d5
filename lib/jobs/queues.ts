import PgBoss from "pg-boss";

/**
 * The job queues, kept in PostgreSQL by pg-boss (schema `pgboss`). Jobs are triggers only:
 * the message rows are the source of truth, so a job delivered twice does no harm.
 */
export const QUEUES = {
  /** Hand pending texts to Twilio. data: { messageIds: number[] } */
  dispatchSms: "dispatch-sms",
  /** Hand pending emails to Resend. data: { messageIds: number[] } */
  sendEmail: "send-email",
  /** Email a staff member that someone replied to their text (SPEC §3). data: { messageIds: number[] } (inbound texts) */
  notifyReply: "notify-reply",
  /** Write a large send's message rows from its outbox to messages (lib/messaging/send/write-send-outbox.ts). data: { institutionId: string; batchId: string } */
  writeSend: "write-send",
  /** Release a scheduled send at its time (lib/messaging/send/release-scheduled-send.ts); queued with startAfter. data: { institutionId: string; batchId: string } */
  releaseSend: "release-send",
  /** Tell a paused send's sender and administrators (lib/messaging/send/notify-send-paused.ts). data: { institutionId: string; batchId: string } */
  notifySendPaused: "notify-send-paused",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * A job left active by a killed worker expires after this long and is retried; sending code
 * also sweeps stale claims itself, so a half-done send resumes within a minute.
 */
export const JOB_EXPIRE_SECONDS = 30;

const QUEUE_OPTIONS: Omit<PgBoss.Queue, "name"> = {
  policy: "standard",
  retryLimit: 8,
  retryDelay: 1,
  retryBackoff: true,
  expireInSeconds: JOB_EXPIRE_SECONDS,
  retentionMinutes: 60,
};

export const PGBOSS_SCHEMA = "pgboss";

export function createBoss(url: string, options: PgBoss.ConstructorOptions = {}) {
  return new PgBoss({
    connectionString: url,
    schema: PGBOSS_SCHEMA,
    application_name: "aviso-sms-jobs",
    max: 4,
    ...options,
  });
}

/** Creates pg-boss's schema and our queues; idempotent. Run by db:migrate. */
export async function installJobQueues(url: string) {
  const boss = createBoss(url, { supervise: false, schedule: false, migrate: true, max: 1 });
  boss.on("error", () => {});
  await boss.start();
  try {
    for (const name of Object.values(QUEUES)) await boss.createQueue(name, { name, ...QUEUE_OPTIONS });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
