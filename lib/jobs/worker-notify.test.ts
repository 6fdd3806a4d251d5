import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { countAllJobs } from "@/lib/jobs/pgboss-tables";
import { createBoss, QUEUES } from "@/lib/jobs/queues";
import { createTwilioClient } from "@/lib/twilio/client";
import { startWorker } from "./worker";

/**
 * The worker keeps fetching reply-notification jobs while it finds full batches, instead of
 * taking one batch of 8 per poll (16 per second at the worker's half-second polls). Each test
 * file has its own database, so this worker sees only these jobs. The messages do not exist:
 * each notification is skipped (NOT_FOUND) at once. The test stretches the queue's polling
 * interval to an hour: a backlog taken whole can then only have been fetched back to back.
 */
const boss = createBoss(process.env.DATABASE_URL!, { supervise: false, schedule: false, migrate: false, max: 2 });
boss.on("error", () => {});

afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

async function waiting() {
  return countAllJobs(getDb(), { queue: QUEUES.notifyReply, notStates: ["completed"] });
}

describe("the worker's reply notifications", () => {
  it("takes a backlog of 80 one-reply jobs in batches back to back, not one batch per poll", async () => {
    for (let i = 0; i < 80; i++) await enqueueMessages(QUEUES.notifyReply, [900_000_000 + i]);
    expect(await waiting()).toBe(80);

    // The worker's own options for the reply queue, but an hour between polls; and each batch's size recorded.
    const batches: number[] = [];
    const work = boss.work.bind(boss) as unknown as (name: string, options: object, handler: (jobs: unknown[]) => Promise<unknown>) => Promise<string>;
    boss.work = ((name: string, options: object, handler: (jobs: unknown[]) => Promise<unknown>) =>
      name === QUEUES.notifyReply
        ? work(name, { ...options, pollingIntervalSeconds: 3600 }, (jobs) => {
            batches.push(jobs.length);
            return handler(jobs);
          })
        : work(name, options, handler)) as unknown as typeof boss.work;

    await boss.start();
    const worker = await startWorker({ db: getDb(), boss, twilio: createTwilioClient(), statusCallbackUrl: "http://localhost/api/twilio/status" });
    try {
      // Gives up long before a second poll would come: only fetches back to back get through.
      for (let polls = 0; (await waiting()) > 0 && polls < 400; polls++) await new Promise((r) => setTimeout(r, 50));
      expect(await waiting()).toBe(0);
      expect(batches).toEqual(Array(10).fill(8));
    } finally {
      worker.stop();
    }
  });
});
