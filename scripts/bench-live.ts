import { randomBytes } from "node:crypto";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { encode } from "next-auth/jwt";
import twilio from "twilio";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { ensureConversation } from "@/db/queries/conversations";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { getEnv } from "@/lib/env";
import { getTwilioAuthToken } from "@/lib/twilio/client";
import { percentile, runBench } from "./bench-env";

/**
 * `npm run bench:live` (issue 18): live updates under load. bench-env.ts starts a fresh
 * database, the web tier (`npm run web`: WEB_CONCURRENCY processes on one port, so the streams
 * and the webhooks land on different processes), the worker and the simulated Twilio. Then:
 *   - BENCH_CLIENTS (200) advisors, each holding a system number and a conversation with a
 *     student, each with a Server-Sent Events stream open on GET /api/live (signed in with a
 *     session token made with the run's AUTH_SECRET, as Auth.js makes one at sign-in);
 *   - BENCH_RATE (50) inbound texts a second for BENCH_SECONDS (30), each from one student to
 *     their advisor's number, in turn, through the signed Twilio webhook (open loop: each
 *     request leaves at its scheduled time whatever the others do);
 *   - for each text, the time from just before its webhook POST to the arrival of the event
 *     about that conversation on its advisor's stream that shows it: the first event after its
 *     webhook answered (the text was committed, so the page's refresh shows it), or, before
 *     that, an event when it is the oldest text of that conversation still unanswered (an
 *     event means some text was committed). The hub sends a burst of one conversation's events
 *     as two (the first at once, one more at the end of 250 ms), so one event may show several.
 * Prints the setup, the webhook answers, and as its last line
 * `inbound to screen p50 <a> ms, p95 <b> ms, missed <m>` (missed: no event within
 * BENCH_GRACE_SECONDS (10) of the last text). Targets: p95 ≤ 1,000 ms, 0 missed.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const GRACE_SECONDS = Number(process.env.BENCH_GRACE_SECONDS ?? 10);
for (const [name, value] of [["BENCH_CLIENTS", CLIENTS], ["BENCH_RATE", RATE], ["BENCH_SECONDS", SECONDS], ["BENCH_GRACE_SECONDS", GRACE_SECONDS]] as const) {
  if (!Number.isFinite(value) || value <= 0 || value > 100_000) throw new Error(`${name} must be a positive number`);
}

type Client = { advisorNumber: string; studentNumber: string; conversationId: string; cookie: string };

await runBench({ database: "bench_live", web: true, worker: true, simulator: { holdCallbacks: false } }, async ({ webUrl }) => {
  const env = getEnv();
  const publicBase = env.PUBLIC_BASE_URL.replace(/\/+$/, "");
  const token = getTwilioAuthToken(env);
  const db = getDb();
  const target = new URL(webUrl);
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");

  // ---- data: advisors, each with a number and one conversation with a student
  const inst = await createInstitution(db, { smsMonthlyLimit: 100_000_000, smsPhoneNumberLimit: CLIENTS });
  await createSystemNumbers(db, inst, CLIENTS);
  const clients: Client[] = [];
  const now = new Date();
  for (let i = 0; i < CLIENTS; i++) {
    const advisor = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"], firstName: "Live", lastName: `Advisor${i}` });
    const user = await createUser(db, advisor);
    const held = (await assignSystemNumber(db, { institutionId: inst.id, userId: user.id, personId: advisor.id, now }))!;
    const student = await createPerson(db, inst, { firstName: "Live", lastName: `Student${i}`, phones: [{ smsStatus: "SMS_ENABLED" }] });
    const studentNumber = student.phones[0].number;
    const conversationId = await ensureConversation(db, {
      institutionId: inst.id,
      ownerPersonId: advisor.id,
      systemNumberId: held.systemNumberId,
      counterpart: { personId: student.id, number: studentNumber },
      now,
    });
    const session = await encode({
      token: { sub: user.id, name: advisor.firstName, email: user.email, userId: user.id, personId: advisor.id, institutionId: inst.id, sessionVersion: 0 },
      secret: env.AUTH_SECRET!,
      salt: "authjs.session-token",
    });
    clients.push({ advisorNumber: held.number, studentNumber, conversationId, cookie: `authjs.session-token=${session}` });
  }

  // ---- the streams
  /** Per conversation, the texts still waiting for an event that shows them (oldest first). */
  type Waiting = { posted: number; answered: boolean };
  const waiting = new Map<string, Waiting[]>(clients.map((c) => [c.conversationId, []]));
  /** An event about `conversationId` arrived: the texts it shows have reached the screen. */
  function seen(conversationId: string) {
    const queue = waiting.get(conversationId);
    if (!queue || queue.length === 0) return false;
    const at = performance.now();
    const shown = queue.filter((w) => w.answered);
    if (shown.length === 0) shown.push(queue[0]);
    for (const w of shown) latencies.push(at - w.posted);
    waiting.set(conversationId, queue.filter((w) => !shown.includes(w)));
    return true;
  }
  const latencies: number[] = [];
  let stray = 0;
  const streams: http.ClientRequest[] = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

  function openStream(client: Client): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host, port: target.port, path: "/api/live", agent, headers: { cookie: client.cookie, accept: "text/event-stream" } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`GET /api/live answered ${res.statusCode}`));
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (chunk: string) => {
          buffer += chunk;
          if (buffer.includes(": connected")) resolve();
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").find((l) => l.startsWith("data: "));
            if (!data) continue;
            const event = JSON.parse(data.slice(6)) as { k: string; c?: string };
            if (event.k !== "m") continue;
            if (event.c !== client.conversationId || !seen(event.c)) stray++;
          }
        });
      });
      req.on("error", reject);
      streams.push(req);
    });
  }
  const opening = performance.now();
  for (let i = 0; i < clients.length; i += 20) await Promise.all(clients.slice(i, i + 20).map(openStream));
  console.log(
    `bench:live — ${webUrl}, web tier + worker + simulated Twilio; ${CLIENTS} advisors, each with a conversation and an SSE stream open (${Math.round(performance.now() - opening)} ms to open them all); ${RATE} inbound texts/s for ${SECONDS} s`,
  );
  await sleep(1000);

  // ---- inbound texts through the signed webhook, open loop
  const answers = new Map<string, number>();
  const webhookMs: number[] = [];
  function post(client: Client, n: number): Promise<void> {
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const params = { AccountSid: "AC00000000000000000000000000000000", Body: `Live reply ${n}`, From: client.studentNumber, MessageSid: sid, NumMedia: "0", NumSegments: "1", SmsSid: sid, SmsStatus: "received", To: client.advisorNumber };
    const body = new URLSearchParams(params).toString();
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-twilio-signature": twilio.getExpectedTwilioSignature(token, `${publicBase}/api/twilio/inbound`, params),
    };
    return new Promise((resolve) => {
      const started = performance.now();
      const text: Waiting = { posted: started, answered: false };
      waiting.get(client.conversationId)!.push(text);
      const req = http.request({ host, port: target.port, path: "/api/twilio/inbound", method: "POST", agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          text.answered = res.statusCode === 200;
          webhookMs.push(performance.now() - started);
          answers.set(String(res.statusCode), (answers.get(String(res.statusCode)) ?? 0) + 1);
          resolve();
        });
      });
      req.on("error", (err: Error & { code?: string }) => {
        answers.set(err.code ?? err.name, (answers.get(err.code ?? err.name) ?? 0) + 1);
        resolve();
      });
      req.end(body);
    });
  }
  const total = RATE * SECONDS;
  const start = performance.now();
  const posts: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    posts.push(post(clients[n % clients.length], n));
  }
  await Promise.all(posts);
  const graceUntil = performance.now() + GRACE_SECONDS * 1000;
  const outstanding = () => [...waiting.values()].reduce((sum, q) => sum + q.length, 0);
  while (outstanding() > 0 && performance.now() < graceUntil) await sleep(100);
  for (const req of streams) req.destroy();
  agent.destroy();

  const missed = outstanding();
  const round = (v: number | undefined) => (v === undefined ? "n/a" : String(Math.round(v)));
  console.log(`webhooks: ${total} posted, answers ${[...answers].map(([k, v]) => `${k}×${v}`).join(", ")}; p50 ${round(percentile(webhookMs, 50))} ms, p95 ${round(percentile(webhookMs, 95))} ms`);
  console.log(`events: ${latencies.length} texts shown, ${stray} events not about a waiting text; p99 ${round(percentile(latencies, 99))} ms, max ${round(Math.max(...latencies))} ms`);
  console.log(`inbound to screen p50 ${round(percentile(latencies, 50))} ms, p95 ${round(percentile(latencies, 95))} ms, missed ${missed}`);
});
