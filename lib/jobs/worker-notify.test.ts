import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { countAllJobs } from "@/lib/jobs/pgboss-tables";
import { createBoss, QUEUES } from "@/lib/jobs/queues";
import { createTwilioClient } from "@/lib/twilio/client";
import { startWorker } from "./worker";

/**
 * The worker keeps fetching reply-notification jobs while it finds full batches, instead of
 * taking one batch of 8 per half-second poll (16 per second). Each test file has its own
 * database, so this worker sees only these jobs. The messages do not exist: each notification
 * is skipped (NOT_FOUND) at once, so the time is the worker's fetching alone.
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

    await boss.start();
    const started = performance.now();
    const worker = await startWorker({ db: getDb(), boss, twilio: createTwilioClient(), statusCallbackUrl: "http://localhost/api/twilio/status" });
    try {
      while ((await waiting()) > 0 && performance.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
      const seconds = (performance.now() - started) / 1000;
      expect(await waiting()).toBe(0);
      // Ten batches of 8 at one per 0.5 s poll take 4.5 s at the least; fetched back to back, well under 3 s.
      expect(seconds).toBeLessThan(3);
    } finally {
      worker.stop();
    }
  });
});
