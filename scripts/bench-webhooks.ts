import { randomBytes } from "node:crypto";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import twilio from "twilio";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { getEnv } from "@/lib/env";
import { getTwilioAuthToken } from "@/lib/twilio/client";
import { percentile, runBench } from "./bench-env";

/**
 * `npm run bench:webhooks`: Twilio's two webhooks against the web tier (`npm run web`: `next
 * start` in WEB_CONCURRENCY processes, as `npm start` serves it), which bench-env.ts starts on a
 * fresh database with the run's simulated Twilio credentials (and builds first when the sources
 * changed). Creates a bench institution with texts already handed to Twilio, then
 *   1. steady: BENCH_RATE (300) signed requests/s for BENCH_SECONDS (60) — two status callbacks
 *      (each a new `<sid>:<status>`, so real work, not dedupe) for every inbound reply — with
 *      latency measured from each request's scheduled start (no coordinated omission);
 *   2. saturation: closed loop at doubling concurrency, BENCH_STEP_SECONDS (10) per step, until
 *      throughput stops rising (two steps in a row < 3 % over the best) or
 *      BENCH_MAX_CONCURRENCY (256).
 * Prints p50, p99 and errors of each phase and the saturation throughput.
 * The steady phase follows BENCH_WARMUP_SECONDS (5) of the same requests, 4 in flight, reported but not counted.
 * BENCH_VERBOSE=1 also prints the steady phase second by second.
 * It measures the web tier alone: each inbound text queues a reply email, which nothing sends
 * during the run. BENCH_WORKER=1 runs the worker too, as `npm start` does: it sends those emails
 * to the local Resend stand-in served by the same web tier (Resend's work, in production).
 */
const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 10);
const MAX_CONCURRENCY = Number(process.env.BENCH_MAX_CONCURRENCY ?? 256);
const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 2000);
/** Steady requests plus what saturation at ~1,000 req/s per step may use, two callbacks per text. */
const TEXTS = Number(process.env.BENCH_TEXTS ?? Math.ceil((RATE * (SECONDS + WARMUP_SECONDS) + 8 * STEP_SECONDS * 1500) / 3));
/** Open-loop requests beyond this many in flight are counted as errors instead of piling up. */
const MAX_IN_FLIGHT = 2000;
const TIMEOUT_MS = 15_000;
const WITH_WORKER = process.env.BENCH_WORKER === "1";

for (const [name, value] of [["BENCH_RATE", RATE], ["BENCH_SECONDS", SECONDS], ["BENCH_STEP_SECONDS", STEP_SECONDS], ["BENCH_MAX_CONCURRENCY", MAX_CONCURRENCY]] as const) {
  if (!Number.isFinite(value) || value <= 0 || value > 100_000) throw new Error(`${name} must be a positive number`);
}
if (!Number.isFinite(WARMUP_SECONDS) || WARMUP_SECONDS < 0 || WARMUP_SECONDS > 600) throw new Error("BENCH_WARMUP_SECONDS must be 0..600");

await runBench({ database: "bench_webhooks", web: true, worker: WITH_WORKER }, async ({ webUrl }) => {
  const env = getEnv();
  const publicBase = env.PUBLIC_BASE_URL.replace(/\/+$/, "");
  const token = getTwilioAuthToken(env);
  const db = getDb();

  // ---- data: one institution, a staff member holding a number, students, texts handed to Twilio
  const inst = await createInstitution(db, { smsMonthlyLimit: 100_000_000 });
  await createSystemNumbers(db, inst, 1);
  const staff = await createPerson(db, inst, { kind: "staff" });
  const user = await createUser(db, staff);
  const held = (await assignSystemNumber(db, { institutionId: inst.id, userId: user.id, personId: staff.id, now: new Date() }))!;
  await db.execute(sql`
    insert into persons (institution_id, first_name, last_name, src_system_id)
    select ${inst.id}, 'Bench', 'W' || g, ${inst.slug} || '-' || g from generate_series(1, ${STUDENTS}) g`);
  await db.execute(sql`
    insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, sms_status)
    select ${inst.id}, p.id, ${inst.phoneTypes.CELL.id}, 'CELL', '+1' || (200 + (row_number() over ()) % 700)::text || lpad(((row_number() over ()) % 10000000)::text, 7, '0'), 'SMS_ENABLED'
    from persons p where p.institution_id = ${inst.id} and p.src_system_id like ${`${inst.slug}-%`}`);
  const students = await db.execute<{ person_id: string; phone_id: string; number: string }>(sql`
    select person_id, id as phone_id, number from person_phones where institution_id = ${inst.id} and phone_type_src_system_id = 'CELL' order by number`);
  await db.execute(sql`
    with s as (
      select id, person_id, number, row_number() over (order by number) - 1 as rn
      from person_phones where institution_id = ${inst.id} and phone_type_src_system_id = 'CELL'
    )
    insert into messages (institution_id, channel, direction, from_user_id, from_person_id, to_person_id, to_phone_id, from_address,
      to_address, system_number_id, body, status, provider_id, created_at, updated_at)
    select ${inst.id}, 'SMS', 'OUTBOUND', ${user.id}, ${staff.id}, s.person_id, s.id, ${held.number}, s.number, ${held.systemNumberId},
      'Benchmark text ' || g, 'queued', 'SM' || md5(${inst.id}::text || g), now(), now()
    from generate_series(1, ${TEXTS}) g join s on s.rn = g % ${STUDENTS}`);
  const sids = (await db.execute<{ provider_id: string }>(sql`
    select provider_id from messages where institution_id = ${inst.id} and channel = 'SMS' and direction = 'OUTBOUND' order by id`)).map((r) => r.provider_id);
  console.log(`bench:webhooks — ${webUrl}${WITH_WORKER ? " with the worker" : ", no worker"}; institution ${inst.slug}: ${students.length} students, ${sids.length} texts handed to Twilio`);
  // The setup's own aftermath is not what is measured: statistics for the rows just added (else
  // autovacuum analyzes them during the steady phase) and their dirty pages written out (else a
  // checkpoint does it then). CHECKPOINT needs a superuser or pg_checkpoint: skipped without.
  await db.execute(sql`analyze messages, message_events, persons, person_phones, conversations`);
  await db.execute(sql`checkpoint`).catch(() => console.log("note: no CHECKPOINT (needs pg_checkpoint); the setup's pages are written during the run"));

  // ---- requests
  let statusCount = 0;
  let inboundCount = 0;

  /** The next request: two status callbacks (sent, then delivered, of the next text) for every inbound reply. */
  function nextRequest(i: number): { path: string; params: Record<string, string> } {
    if (i % 3 === 2) {
      const student = students[inboundCount++ % students.length];
      const sid = `SM${randomBytes(16).toString("hex")}`;
      return {
        path: "/api/twilio/inbound",
        params: { AccountSid: "AC00000000000000000000000000000000", Body: `Reply ${inboundCount}`, From: student.number, MessageSid: sid, NumMedia: "0", NumSegments: "1", SmsSid: sid, SmsStatus: "received", To: held.number },
      };
    }
    const n = statusCount++;
    const sid = sids[Math.floor(n / 2) % sids.length];
    const status = n % 2 === 0 ? "sent" : "delivered";
    return {
      path: "/api/twilio/status",
      params: { AccountSid: "AC00000000000000000000000000000000", From: held.number, MessageSid: sid, MessageStatus: status, SmsSid: sid, SmsStatus: status },
    };
  }

  type Stats = { latencies: number[]; starts: number[]; errors: number; statuses: Map<string, number> };
  const newStats = (): Stats => ({ latencies: [], starts: [], errors: 0, statuses: new Map() });

  /**
   * Keep-alive connections through node:http: the load generator shares the machine's cores with
   * the server and PostgreSQL, and fetch (undici) spends several times more CPU per request.
   */
  // `timeout` also makes the agent honour the server's `Keep-Alive: timeout=5` (it drops an idle
  // socket a second before the server would): without it, a socket idle for 5 s could be reused
  // at the moment the server closed it, an ECONNRESET that is the load generator's doing.
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT, timeout: TIMEOUT_MS });
  const target = new URL(webUrl);

  /** POSTs a form; resolves to the HTTP status, or the name of the error. */
  function post(path: string, headers: Record<string, string>, body: string): Promise<string> {
    return new Promise((resolve) => {
      const request = http.request(
        { host: target.hostname.replace(/^\[(.*)\]$/, "$1"), port: target.port, path: `${target.pathname.replace(/\/+$/, "")}${path}`, method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, timeout: TIMEOUT_MS },
        (res) => {
          res.resume();
          res.on("end", () => resolve(String(res.statusCode)));
          res.on("error", (err) => resolve(errorName(err)));
        },
      );
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", (err) => resolve(err.message === "timeout" ? "TimeoutError" : errorName(err)));
      request.end(body);
    });
  }

  /** ECONNRESET and the like when the error has a code, else its name. */
  function errorName(err: Error & { code?: string }): string {
    return err.code ?? err.name;
  }

  async function send(req: { path: string; params: Record<string, string> }, stats: Stats, startedAt: number, signed = true) {
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (signed) headers["x-twilio-signature"] = twilio.getExpectedTwilioSignature(token, `${publicBase}${req.path}`, req.params);
    const outcome = await post(req.path, headers, new URLSearchParams(req.params).toString());
    stats.latencies.push(performance.now() - startedAt);
    stats.starts.push(startedAt);
    if (outcome !== "200") stats.errors++;
    stats.statuses.set(outcome, (stats.statuses.get(outcome) ?? 0) + 1);
    return outcome;
  }

  function report(label: string, stats: Stats, seconds: number) {
    const n = stats.latencies.length;
    const answers = [...stats.statuses].map(([k, v]) => `${k}×${v}`).join(" ");
    console.log(
      `${label}: ${n} requests in ${seconds.toFixed(1)} s (${(n / seconds).toFixed(0)} req/s) — p50 ${percentile(stats.latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(stats.latencies, 99).toFixed(1)} ms, errors ${stats.errors} [${answers}]`,
    );
  }

  // ---- checks: the server knows our token and URL, and refuses an unsigned request
  const probe = newStats();
  if ((await send(nextRequest(0), probe, performance.now())) !== "200") {
    throw new Error(`A signed status callback was not accepted (${[...probe.statuses.keys()]}): does the server run with PUBLIC_BASE_URL=${publicBase} and the same Twilio token?`);
  }
  if ((await send(nextRequest(0), probe, performance.now(), false)) !== "403") throw new Error("An unsigned request was not refused with 403");
  const warmup = newStats();
  for (let i = 0; i < 60; i++) await send(nextRequest(i), warmup, performance.now());

  /** Open loop at RATE for `seconds`: each request sent when due, latency measured from then. */
  async function openLoop(seconds: number, stats: Stats, offset: number) {
    const total = Math.round(RATE * seconds);
    const interval = 1000 / RATE;
    const inFlight = new Set<Promise<unknown>>();
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      if (inFlight.size >= MAX_IN_FLIGHT) {
        stats.errors++;
        stats.statuses.set("dropped", (stats.statuses.get("dropped") ?? 0) + 1);
        continue;
      }
      const p = send(nextRequest(offset + i), stats, due).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    return { start, seconds: (performance.now() - start) / 1000 };
  }

  /** Closed loop: `concurrency` requests in flight for `seconds`, each sent when one is answered. */
  async function closedLoop(concurrency: number, seconds: number, stats: Stats) {
    const start = performance.now();
    const end = start + seconds * 1000;
    let i = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) await send(nextRequest(i++), stats, performance.now());
      }),
    );
    return (performance.now() - start) / 1000;
  }

  // ---- 1. steady open loop, after WARMUP_SECONDS of the same requests that are not measured: a
  // server just started compiles its hot code and opens its pool's connections (each preparing
  // its statements) in the first seconds, which is not the steady state this phase measures. The
  // warm-up is a closed loop (4 in flight), so a cold server's slowness leaves no backlog behind
  // it for the steady phase to start with.
  {
    const warm = newStats();
    report("warm-up, 4 concurrent (not counted)", warm, await closedLoop(4, WARMUP_SECONDS, warm));
    const stats = newStats();
    const { start, seconds } = await openLoop(SECONDS, stats, 60 + warm.latencies.length);
    report(`steady ${RATE} req/s`, stats, seconds);
    if (process.env.BENCH_VERBOSE === "1") {
      // Each second's requests by when they were due: where the slow ones cluster.
      const bySecond = new Map<number, number[]>();
      stats.starts.forEach((due, i) => {
        const second = Math.floor((due - start) / 1000);
        bySecond.set(second, [...(bySecond.get(second) ?? []), stats.latencies[i]]);
      });
      for (const [second, latencies] of bySecond) {
        console.log(`  second ${second}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
      }
    }
  }

  // ---- 2. saturation: closed loop, doubling concurrency while throughput still rises
  // One step that fails to beat the best by 3 % may be a plateau that more requests in flight
  // get past (PostgreSQL flushes the WAL of more commits at once): stop after two in a row.
  let best = 0;
  let bestAt = 0;
  let flat = 0;
  for (let concurrency = 4; concurrency <= MAX_CONCURRENCY; concurrency *= 2) {
    const stats = newStats();
    const seconds = await closedLoop(concurrency, STEP_SECONDS, stats);
    const throughput = stats.latencies.length / seconds;
    report(`saturation, ${concurrency} concurrent`, stats, seconds);
    flat = throughput < best * 1.03 ? flat + 1 : 0;
    if (throughput > best) [best, bestAt] = [throughput, concurrency];
    if (flat >= 2) break;
  }
  console.log(`saturation throughput: ${best.toFixed(0)} req/s (at ${bestAt} concurrent requests)`);
  if (statusCount / 2 > sids.length) console.log(`note: ${statusCount} status callbacks for ${sids.length} texts — the later ones were repeats (dedupe path); raise BENCH_TEXTS`);
});
