import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { getEnv } from "@/lib/env";
import { createBoss } from "@/lib/jobs/queues";
import { DISPATCH } from "@/lib/messaging/dispatch/dispatch-policy";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { startWorker } from "@/lib/jobs/worker";
import { createTwilioClient } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import type { FormPoster } from "@/lib/twilio/simulator/signed-post";
import { runBench } from "./bench-env";

/**
 * `npm run bench:drain`: how fast the worker hands texts to Twilio. One send of BENCH_TEXTS
 * (5,000) texts is stored and enqueued (sendMessages: a send that large waits in its outbox),
 * then the worker's own code — the outbox's writing, pg-boss jobs, dispatchSms, the official
 * twilio SDK — drains it into the simulated Twilio. Prints
 * `<N> msgs/s`: texts handed over (status queued or later) per second, from the worker's start
 * on that backlog until the last one is recorded.
 *
 * The status callbacks: by default (BENCH_CALLBACKS=after) the simulated Twilio keeps them
 * queued while the hand-over is timed — as Twilio does, whose queue lets a sender's texts out
 * far slower than it accepts them — then releases them all, and the bench times how long the
 * app's webhooks take to bring every text to `delivered`. BENCH_CALLBACKS=concurrent posts them
 * 50 and 150 ms after each hand-over instead, so the webhooks share the two cores with the drain.
 *
 * BENCH_TRANSPORT=http (default, the honest one): the SDK talks HTTP to the simulated Twilio in
 * its own process (scripts/twilio-simulator.ts), and its callbacks go over HTTP to the webhooks
 * of the web tier; bench-env.ts starts both on a fresh database, and no other worker.
 *
 * BENCH_TRANSPORT=in-process: no server; the SDK's requests go to the simulator's handler in
 * this process (inProcessTransport), and its callbacks to the webhook route handlers, also in
 * process, on a fresh database.
 */
const TEXTS = Number(process.env.BENCH_TEXTS ?? 5000);
const TRANSPORT = process.env.BENCH_TRANSPORT ?? "http";
const CALLBACKS = process.env.BENCH_CALLBACKS ?? "after";
if (CALLBACKS !== "after" && CALLBACKS !== "concurrent") throw new Error("BENCH_CALLBACKS must be after or concurrent");
if (TRANSPORT !== "http" && TRANSPORT !== "in-process") throw new Error("BENCH_TRANSPORT must be http or in-process");
if (!Number.isInteger(TEXTS) || TEXTS < 1 || TEXTS > 10_000) throw new Error("BENCH_TEXTS must be 1..10000 (one send)");
process.env.LOG_LEVEL ??= "warn";

await runBench(
  TRANSPORT === "http"
    ? { database: "bench_drain", web: true, simulator: { holdCallbacks: CALLBACKS === "after" } }
    : { database: "bench_drain" },
  async ({ databaseUrl: url, simulatorUrl, releaseCallbacks: releaseHeld }) => {
    const env = getEnv();
    const publicBase = env.PUBLIC_BASE_URL.replace(/\/+$/, "");
    const db = getDb();

    // ---- one institution, a permitted sender holding a number, TEXTS students with an enabled phone
    const inst = await createInstitution(db, { smsMonthlyLimit: 100_000_000 });
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    await db.execute(sql`
      insert into persons (institution_id, first_name, last_name, src_system_id)
      select ${inst.id}, 'Drain', 'D' || g, ${inst.slug} || '-' || g from generate_series(1, ${TEXTS}) g`);
    await db.execute(sql`
      insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, sms_status)
      select ${inst.id}, p.id, ${inst.phoneTypes.CELL.id}, 'CELL', '+1' || (300 + (row_number() over ()) % 600)::text || lpad(((row_number() over ()) % 10000000)::text, 7, '0'), 'SMS_ENABLED'
      from persons p where p.institution_id = ${inst.id} and p.src_system_id like ${`${inst.slug}-%`}`);
    const ids = (await db.execute<{ id: string }>(sql`
      select id from persons where institution_id = ${inst.id} and src_system_id like ${`${inst.slug}-%`}`)).map((r) => r.id);

    // ---- the worker, as `npm run worker` runs it, with the SDK over the chosen transport
    let transportLabel: string;
    let twilio;
    let releaseCallbacks: () => void;
    if (TRANSPORT === "http") {
      releaseCallbacks = releaseHeld;
      twilio = createTwilioClient({ env: { ...env, TWILIO_SIMULATOR_URL: simulatorUrl! } });
      transportLabel = `HTTP to the simulated Twilio in its own process (${simulatorUrl}); status callbacks over HTTP to ${publicBase}`;
    } else {
      const { POST: statusRoute } = await import("@/app/api/twilio/status/route");
      const { POST: inboundRoute } = await import("@/app/api/twilio/inbound/route");
      const postForm: FormPoster = async ({ url: target, params, headers }) => {
        const route = new URL(target).pathname.endsWith("/inbound") ? inboundRoute : statusRoute;
        const response = await route(new Request(target, { method: "POST", headers, body: new URLSearchParams(params) }));
        return response.status;
      };
      let release = () => {};
      const callbacksReleased = CALLBACKS === "after" ? new Promise<void>((resolve) => (release = resolve)) : undefined;
      releaseCallbacks = release;
      const simulatorDeps = { db, callbackDelaysMs: [50, 100] as const, callbacksReleased, publicBaseUrl: publicBase, postForm };
      twilio = createTwilioClient({ transport: inProcessTransport((req) => handleSimulatorRequest(req, simulatorDeps)) });
      transportLabel = "in-process: SDK → simulator handler and callbacks → webhook route handlers, no HTTP";
    }
    transportLabel += CALLBACKS === "after" ? "; callbacks held until the hand-over is timed" : "; callbacks concurrent with the drain";

    // ---- send (stored and enqueued), then start the worker and time the drain of that backlog
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: "Benchmark: advising week starts Monday." } });
    if (sent.summary.texts !== TEXTS) throw new Error(`expected ${TEXTS} texts, the engine decided ${JSON.stringify(sent.summary)}`);
    const batchId = sent.batchId!;
    const boss = createBoss(url, { supervise: false, schedule: false, migrate: false });
    boss.on("error", (err) => console.error("pg-boss error:", err.message));
    await boss.start();
    const load = await loadAverage();
    const startedAt = Date.now();
    const start = performance.now();
    const worker = await startWorker({ db, boss, twilio, statusCallbackUrl: `${publicBase}/api/twilio/status` });
    const workerReadyMs = performance.now() - start;
    let left = TEXTS;
    while (left > 0) {
      await sleep(50);
      // A send this large waits in its outbox until the worker writes it (write-send-outbox.ts):
      // that writing is the worker's work too, and counts in the drain.
      const [row] = await db.execute<{ left: number }>(sql`
        select (select count(*) from messages where batch_id = ${batchId} and status in ('pending', 'sending'))
          + coalesce((select sum(cardinality(message_ids) - written) from send_outbox where batch_id = ${batchId}), 0) as left`);
      left = Number(row.left);
      if (performance.now() - start > 600_000) throw new Error(`${left} texts still not handed over after 10 minutes`);
    }
    const seconds = (performance.now() - start) / 1000;

    const statuses = await db.execute<{ status: string; n: number }>(sql`
      select status, count(*)::int as n from messages where batch_id = ${batchId} group by status order by status`);
    const [received] = await db.execute<{ n: number; distinct_to: number }>(sql`
      select count(*)::int as n, count(distinct to_number)::int as distinct_to from sim_twilio_messages
      where institution_id = ${inst.id} and direction = 'outbound-api'`);
    const [span] = await db.execute<{ first_ms: number; last_ms: number }>(sql`
      select extract(epoch from min(e.occurred_at)) * 1000 as first_ms, extract(epoch from max(e.occurred_at)) * 1000 as last_ms
      from message_events e join messages m on m.id = e.message_id
      where m.batch_id = ${batchId} and e.status in ('queued', 'accepted')`);
    console.log(`bench:drain — ${TEXTS} texts in one send; transport: ${transportLabel}`);
    console.log(
      `worker ready after ${workerReadyMs.toFixed(0)} ms; first text recorded at ${(Number(span.first_ms) - startedAt).toFixed(0)} ms, ` +
        `last at ${(Number(span.last_ms) - startedAt).toFixed(0)} ms; done seen at ${(seconds * 1000).toFixed(0)} ms`,
    );
    console.log(`worker: DISPATCH.concurrency ${DISPATCH.concurrency}; load average before: ${load}; after: ${await loadAverage()}`);
    console.log(`message statuses: ${statuses.map((s) => `${s.status} ${s.n}`).join(", ")}; the simulator received ${received.n} texts for ${received.distinct_to} numbers`);
    console.log(`${Math.round(TEXTS / seconds)} msgs/s (${TEXTS} handed over in ${seconds.toFixed(2)} s)`);

    // The status callbacks: released now (held ones) or still landing (concurrent ones); every
    // text must reach `delivered`, through the app's webhooks.
    const callbacksFrom = performance.now();
    releaseCallbacks();
    let undelivered = TEXTS;
    while (undelivered > 0) {
      await sleep(100);
      const [row] = await db.execute<{ n: number }>(sql`
        select count(*)::int as n from messages where batch_id = ${batchId} and status <> 'delivered'`);
      undelivered = Number(row.n);
      if (performance.now() - callbacksFrom > 600_000) throw new Error(`${undelivered} texts still not delivered after 10 minutes`);
    }
    const callbackSeconds = (performance.now() - callbacksFrom) / 1000;
    if (process.env.BENCH_VERBOSE) console.log(`epoch ms: drain ${startedAt}..${startedAt + Math.round(seconds * 1000)}, callbacks ..${Date.now()}`);
    const [events] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from message_events e join messages m on m.id = e.message_id
      where m.batch_id = ${batchId} and e.status in ('sent', 'delivered')`);
    console.log(
      CALLBACKS === "after"
        ? `status callbacks: all ${TEXTS} texts delivered ${callbackSeconds.toFixed(2)} s after their release ` +
            `(${events.n} sent/delivered callbacks recorded, ${Math.round(Number(events.n) / callbackSeconds)}/s); ` +
            `hand-over and callbacks end to end: ${Math.round(TEXTS / (seconds + callbackSeconds))} msgs/s`
        : `status callbacks: all ${TEXTS} texts delivered ${callbackSeconds.toFixed(2)} s after the last hand-over ` +
            `(${events.n} sent/delivered callbacks recorded)`,
    );

    worker.stop();
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
  },
);

async function loadAverage() {
  const os = await import("node:os");
  return os.loadavg().map((n) => n.toFixed(2)).join(" ");
}
