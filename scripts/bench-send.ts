import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { resetEnvCache } from "@/lib/env";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { writeSendOutbox } from "@/lib/messaging/send/write-send-outbox";
import { freshBenchDatabase, percentile } from "./bench-db";

/**
 * `npm run bench:send`: decide, store and enqueue one send to 10,000 recipients, repeatedly.
 * Prints recipients/s and the p95 of one whole send. Target: ≥ 50,000 recipients/s (p95 ≤ 400 ms).
 * Such a send stores its rows in an outbox (write-send-outbox.ts); the script then times the
 * worker's writing of one send's rows to messages, which happens after the send has answered.
 */
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 12);
const WARMUP = 2;

const bench = await freshBenchDatabase("bench_send");
resetEnvCache();
const db = getDb();
const inst = await createInstitution(db, { smsMonthlyLimit: 100_000_000, smsPhoneNumberLimit: 5 });
await createSystemNumbers(db, inst, 5);
const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
const user = await createUser(db, sender);
const actor = (await loadActor(db, user.id))!;

// 10,000 students, a third with one enabled phone, a third with a default Cell, a third email only.
await db.execute(sql`
  insert into persons (institution_id, first_name, last_name, src_system_id)
  select ${inst.id}, 'Student', 'B' || g, 'BENCH-' || g from generate_series(1, ${RECIPIENTS}) g`);
await db.execute(sql`
  insert into person_roles (institution_id, person_id, role_id)
  select ${inst.id}, id, ${inst.roles.STUDENT.id} from persons where institution_id = ${inst.id} and src_system_id like 'BENCH-%'`);
await db.execute(sql`
  insert into person_emails (institution_id, person_id, email, is_primary)
  select ${inst.id}, id, lower(src_system_id) || '@bench.example.edu', true from persons where institution_id = ${inst.id} and src_system_id like 'BENCH-%'`);
await db.execute(sql`
  insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, sms_status, verified, verified_at)
  select ${inst.id}, p.id, ${inst.phoneTypes.CELL.id}, 'CELL', '+1312' || lpad((1000000 + row_number() over ())::text, 7, '0'),
    case when row_number() over () % 3 = 0 then 'SMS_ENABLED' else 'SMS_DEFAULT' end, true, now()
  from persons p where p.institution_id = ${inst.id} and p.src_system_id like 'BENCH-%'
    and (substring(p.src_system_id from 7)::int % 3) <> 1`);
const ids = (await db.execute<{ id: string }>(sql`select id from persons where institution_id = ${inst.id} and src_system_id like 'BENCH-%'`)).map((r) => r.id);

const times: number[] = [];
// sendMessages measures each phase (performance.measure, `sendMessages.<phase>`), in order per
// phase: the first WARMUP of each name are the warm-up sends'.
const measured = new Map<string, number[]>();
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.name.startsWith("sendMessages.")) measured.set(e.name.slice(13), [...(measured.get(e.name.slice(13)) ?? []), e.duration]);
  }
});
observer.observe({ entryTypes: ["measure"] });
let summary = "";
for (let run = 0; run < RUNS + WARMUP; run++) {
  const started = performance.now();
  const result = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: `Benchmark send ${run}: registration closes Friday.` } });
  const ms = performance.now() - started;
  if (run >= WARMUP) times.push(ms);
  if (process.env.BENCH_VERBOSE) console.log(`send ${run}${run < WARMUP ? " (warm-up)" : ""}: ${ms.toFixed(0)} ms`);
  summary = `${result.summary.texts} texts, ${result.summary.emails} emails, ${result.summary.undeliverable} undeliverable`;
}
// A send this large leaves its rows in its outbox for the worker: time that writing too, for
// the last send (not part of the send's own time, which is what the target is about).
const [last] = await db.execute<{ batch_id: string }>(sql`
  select batch_id from send_outbox where institution_id = ${inst.id} order by created_at desc limit 1`);
let written = "";
if (last) {
  const started = performance.now();
  const rows = await writeSendOutbox({ db, now: () => new Date() }, { institutionId: inst.id, batchId: last.batch_id });
  written = `then the worker writes one send's ${rows} message rows from its outbox (with their dispatch jobs) in ${(performance.now() - started).toFixed(0)} ms`;
}
await new Promise((resolve) => setTimeout(resolve, 0));
observer.disconnect();
const phases = new Map([...measured].map(([name, ms]) => [name, ms.slice(WARMUP)]));
console.log("phase           p50 ms   p95 ms");
for (const [name, ms] of phases) console.log(`${name.padEnd(14)} ${percentile(ms, 50).toFixed(1).padStart(7)} ${percentile(ms, 95).toFixed(1).padStart(8)}`);
const p50 = percentile(times, 50);
const p95 = percentile(times, 95);
console.log(`bench:send — ${RECIPIENTS} recipients per send, ${RUNS} sends (after ${WARMUP} warm-up); each: ${summary}`);
console.log(`p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms per send`);
console.log(`${Math.round(RECIPIENTS / (p50 / 1000))} recipients/s (at p50), ${Math.round(RECIPIENTS / (p95 / 1000))} recipients/s (at p95)`);
if (written) console.log(written);
await closeDb();
await bench.stop();
