import { getDb, closeDb } from "@/db";
import { getEnv } from "@/lib/env";
import { startHealthRounds } from "@/lib/jobs/health-rounds";
import { startHeartbeat } from "@/lib/jobs/heartbeat";
import { createBoss } from "@/lib/jobs/queues";
import { describeError, log } from "@/lib/log";
import { startWorker } from "@/lib/jobs/worker";
import { getTwilioClient } from "@/lib/twilio/client";
import { resolveDatabase } from "./database";
import { prepareProcessEnv } from "./install-secrets";

/**
 * `npm run worker`: sends texts and emails. Run as many as you like, on any machine. It first
 * checks the providers' configuration and exits 1 naming what is missing (issue 13, fail closed).
 */
prepareProcessEnv("worker");
const { url, server } = await resolveDatabase();
const boss = createBoss(url, { supervise: true, schedule: false, migrate: false });
boss.on("error", (err) => log.error("pg-boss error", describeError(err)));
await boss.start();
const worker = await startWorker({
  db: getDb(),
  boss,
  twilio: getTwilioClient(),
  statusCallbackUrl: `${getEnv().PUBLIC_BASE_URL.replace(/\/+$/, "")}/api/twilio/status`,
});
const heartbeat = startHeartbeat(getDb());
// The institutions' health and the dashboard's figures (issue 18), every minute.
const health = startHealthRounds({ db: getDb(), publicBaseUrl: getEnv().PUBLIC_BASE_URL });
log.info("worker started");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    worker.stop();
    await health.stop();
    await heartbeat.stop();
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    await closeDb();
    await server?.stop();
    process.exit(0);
  });
}
