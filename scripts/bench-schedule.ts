import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { isOpen, type RecipientLocation } from "@/lib/quiet-hours";
import { runBench } from "./bench-env";

/**
 * `npm run bench:schedule`: scheduled sends released by the worker (SPEC §9). BENCH_TEXTS
 * (100,000) students, spread evenly over New York, Chicago, Denver, Phoenix, Los Angeles and
 * Honolulu (persons.time_zone and state), are texted by scheduled sends of BENCH_SEND_SIZE
 * (1,000; at most 1,000 so that each release writes its rows in its own transaction) whose
 * times are spread evenly over one minute, starting 90 s after they are stored. The worker
 * (`npm run worker`, its own process, talking to the simulated Twilio in its own process)
 * releases them; the bench then waits until every text is handed over or held (or 10 minutes).
 *
 * A text is *released* when its send is (send_batches.released_at); *within <s> s* is the
 * latest release after its time; *early* counts texts released before their time; *in quiet
 * hours* counts texts whose hand-over to Twilio (their first queued/accepted event) falls
 * outside SPEC §9's window in the recipient's zone and state (lib/quiet-hours; quiet hours are on,
 * so a text whose window is closed when its send is released is held, not handed over: the bench
 * counts those, and any held while their window was open); *duplicates* counts texts beyond
 * one per recipient, in messages and at the simulated Twilio. Last line:
 * `released <n> of <m> within <s> s of their time, <e> early, <q> in quiet hours, <d> duplicates`.
 */
const TEXTS = Number(process.env.BENCH_TEXTS ?? 100_000);
const SEND_SIZE = Number(process.env.BENCH_SEND_SIZE ?? Math.min(1000, Math.max(1, Math.ceil(TEXTS / 100))));
const LEAD_MS = 90_000;
const SPREAD_MS = 60_000;
if (!Number.isInteger(TEXTS) || TEXTS < 1) throw new Error("BENCH_TEXTS must be a positive integer");
if (!Number.isInteger(SEND_SIZE) || SEND_SIZE < 1 || SEND_SIZE > 1000) throw new Error("BENCH_SEND_SIZE must be 1..1000");
process.env.LOG_LEVEL ??= "warn";

const ZONES = [
  { timeZone: "America/New_York", state: "NY", area: 212 },
  { timeZone: "America/Chicago", state: "IL", area: 312 },
  { timeZone: "America/Denver", state: "CO", area: 303 },
  { timeZone: "America/Phoenix", state: "AZ", area: 602 },
  { timeZone: "America/Los_Angeles", state: "CA", area: 213 },
  { timeZone: "Pacific/Honolulu", state: "HI", area: 808 },
] as const;

/** Where a bench recipient is: the zone and state of their record (SPEC §9: the record comes first). */
const located = (timeZone: string, state: string): RecipientLocation => ({ timeZones: [timeZone], state, source: "PERSON" });

await runBench({ database: "bench_schedule", simulator: { holdCallbacks: true }, worker: true }, async () => {
  const db = getDb();
  // Quiet hours on, as SPEC §9 sets them by default (the test factories turn them off).
  const inst = await createInstitution(db, { smsMonthlyLimit: 100_000_000, quietHoursEnabled: true });
  await createSystemNumbers(db, inst, 1);
  const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
  const zones = sql.raw(`(values ${ZONES.map((z, i) => `(${i}, '${z.timeZone}', '${z.state}', ${z.area})`).join(", ")}) as z(k, tz, st, area)`);
  await db.execute(sql`
    insert into persons (institution_id, first_name, last_name, src_system_id, time_zone, state)
    select ${inst.id}, 'Sched', 'S' || g, ${inst.slug} || '-' || g, z.tz, z.st
    from generate_series(1, ${TEXTS}) g join ${zones} on z.k = g % ${ZONES.length}`);
  await db.execute(sql`
    insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, sms_status)
    select ${inst.id}, p.id, ${inst.phoneTypes.CELL.id}, 'CELL', '+1' || z.area || lpad(reverse(split_part(reverse(p.src_system_id), '-', 1)), 7, '0'), 'SMS_ENABLED'
    from persons p join ${zones} on z.tz = p.time_zone
    where p.institution_id = ${inst.id} and p.src_system_id like ${`${inst.slug}-%`}`);
  const ids = (await db.execute<{ id: string }>(sql`
    select id from persons where institution_id = ${inst.id} and src_system_id like ${`${inst.slug}-%`} order by reverse(split_part(reverse(src_system_id), '-', 1))::int`)).map((r) => r.id);

  // ---- the sends, stored through the API's service, due evenly over one minute
  const sends = Math.ceil(TEXTS / SEND_SIZE);
  const base = Date.now() + LEAD_MS;
  const storeFrom = performance.now();
  for (let i = 0; i < sends; i++) {
    const sendAt = new Date(base + Math.floor((i * SPREAD_MS) / Math.max(sends - 1, 1)));
    const recipientIds = ids.slice(i * SEND_SIZE, (i + 1) * SEND_SIZE);
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds, body: `Benchmark: registration opens (${i}).`, sendAt: sendAt.toISOString() } });
    if (sent.state !== "scheduled") throw new Error(`send ${i} was not scheduled: ${JSON.stringify(sent.state)}`);
  }
  const storeSeconds = (performance.now() - storeFrom) / 1000;
  if (Date.now() > base - 5_000) throw new Error(`storing ${sends} sends took ${storeSeconds.toFixed(1)} s: the first was nearly due before the last was stored`);
  console.log(`bench:schedule — ${TEXTS} texts in ${sends} scheduled sends of ≤ ${SEND_SIZE}, due from ${new Date(base).toISOString()} over ${SPREAD_MS / 1000} s; stored in ${storeSeconds.toFixed(1)} s`);

  // ---- wait until every text is handed over or held for quiet hours (or give up 10 minutes after the last is due)
  const deadline = base + SPREAD_MS + 600_000;
  let left = TEXTS;
  while (Date.now() < deadline) {
    await sleep(1000);
    const [row] = await db.execute<{ left: number }>(sql`
      select ${TEXTS}::int - (select count(*) from messages m join send_batches b on b.id = m.batch_id
        where b.institution_id = ${inst.id} and (m.status not in ('pending', 'sending') or m.held_until is not null))::int as left`);
    left = Number(row.left);
    if (left <= 0) break;
  }
  if (left > 0) console.log(`${left} texts neither handed over nor held 10 minutes after the last was due`);

  // ---- figures, per text
  const texts = await db.execute<{ scheduled_for: Date; released_at: Date | null; handed_at: Date | null; held_until: Date | null; time_zone: string; state: string }>(sql`
    select b.scheduled_for, b.released_at, e.handed_at, m.held_until, p.time_zone, p.state
    from send_batches b
    join messages m on m.batch_id = b.id and m.channel = 'SMS'
    join persons p on p.id = m.to_person_id
    left join lateral (select min(occurred_at) as handed_at from message_events e where e.message_id = m.id and e.status in ('queued', 'accepted')) e on true
    where b.institution_id = ${inst.id}`);
  let released = 0;
  let early = 0;
  let quiet = 0;
  let latest = 0;
  let held = 0;
  let heldWhileOpen = 0;
  for (const t of texts) {
    if (!t.released_at) continue;
    const late = (new Date(t.released_at).getTime() - new Date(t.scheduled_for).getTime()) / 1000;
    if (late < 0) early++;
    else if (late <= 60) released++;
    latest = Math.max(latest, late);
    const where = located(t.time_zone, t.state);
    if (t.handed_at && !isOpen(new Date(t.handed_at), where)) quiet++;
    if (!t.handed_at && t.held_until) {
      held++;
      // Held although the window was open when it was released (and would still be for a minute): wrongly held.
      const at = new Date(t.released_at);
      if (isOpen(at, where) && isOpen(new Date(at.getTime() + 60_000), where)) heldWhileOpen++;
    }
  }
  const [dup] = await db.execute<{ rows: number; pairs: number; sim: number; sim_to: number }>(sql`
    select (select count(*)::int from messages m join send_batches b on b.id = m.batch_id where b.institution_id = ${inst.id}) as rows,
      (select count(distinct m.to_person_id)::int from messages m join send_batches b on b.id = m.batch_id where b.institution_id = ${inst.id}) as pairs,
      (select count(*)::int from sim_twilio_messages where institution_id = ${inst.id} and direction = 'outbound-api') as sim,
      (select count(distinct to_number)::int from sim_twilio_messages where institution_id = ${inst.id} and direction = 'outbound-api') as sim_to`);
  const duplicates = Number(dup.rows) - Number(dup.pairs) + (Number(dup.sim) - Number(dup.sim_to));
  const statuses = await db.execute<{ state: string; n: number }>(sql`select state, count(*)::int as n from send_batches where institution_id = ${inst.id} group by 1 order by 1`);
  console.log(`sends: ${statuses.map((s) => `${s.state} ${s.n}`).join(", ")}; text rows ${texts.length}; handed to the simulated Twilio ${dup.sim}`);
  console.log(`held for quiet hours (window closed at release, SPEC §9): ${held} texts, ${heldWhileOpen} of them while their window was open`);
  console.log(`released ${released} of ${TEXTS} within ${latest.toFixed(1)} s of their time, ${early} early, ${quiet} in quiet hours, ${duplicates} duplicates`);
});
