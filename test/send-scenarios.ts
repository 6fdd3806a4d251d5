import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { monthStartInZone } from "@/lib/messaging/send/month";
import { sendMessages } from "@/lib/messaging/send/send-messages";

/**
 * The concurrency scenarios of SPEC §4.3 and §4.4 (lib/messaging/send/send-messages.concurrency.test.ts),
 * shared with the run against naive grants that shows they can fail
 * (send-messages.naive-grants.test.ts). Run with a pool of 80 connections (DB_POOL_MAX).
 */

const now = new Date("2026-11-20T15:00:00Z");

async function recipientWithPhone(inst: FactoryInstitution) {
  return createPerson(getDb(), inst, { kind: "student", phones: [{ smsStatus: "SMS_ENABLED" }] });
}

async function staffActors(inst: FactoryInstitution, n: number): Promise<Actor[]> {
  const actors: Actor[] = [];
  for (let i = 0; i < n; i++) {
    const person = await createPerson(getDb(), inst, { kind: "staff", roles: ["ADVISOR"] });
    const user = await createUser(getDb(), person);
    actors.push((await loadActor(getDb(), user.id))!);
  }
  return actors;
}

async function outcomes(institutionId: string) {
  return getDb().execute<{ channel: string; status: string; reason_code: string | null; n: number }>(sql`
    select channel, status, reason_code, count(*)::int as n from messages where institution_id = ${institutionId}
    group by 1, 2, 3 order by 1, 2, 3`);
}

export async function firstSendsAtOnce(pool: number) {
  const inst = await createInstitution(getDb(), { smsPhoneNumberLimit: 5 });
  await createSystemNumbers(getDb(), inst, pool);
  const student = await recipientWithPhone(inst);
  const senders = await staffActors(inst, 200);
  await Promise.all(senders.map((actor) => sendMessages({ ctx: { db: getDb(), actor, now }, input: { recipientIds: [student.id], body: "Hello" } })));
  const [assigned] = await getDb().execute<{ n: number; distinct_numbers: number }>(sql`
    select count(*)::int as n, count(distinct system_number_id)::int as distinct_numbers
    from system_number_assignments where institution_id = ${inst.id} and released_at is null`);
  return { inst, assigned, rows: await outcomes(inst.id) };
}

export async function sendsAgainstMonthlyLimit() {
  const inst = await createInstitution(getDb(), { smsMonthlyLimit: 1000, smsPhoneNumberLimit: 5 });
  await createSystemNumbers(getDb(), inst, 1);
  const [sender] = await staffActors(inst, 1);
  const student: FactoryPerson = await recipientWithPhone(inst);
  await sendMessages({ ctx: { db: getDb(), actor: sender, now }, input: { recipientIds: [student.id], body: "first" } });
  const month = monthStartInZone(now, inst.timeZone);
  await getDb().execute(sql`update sms_usage_monthly set sent_count = 900 where institution_id = ${inst.id} and month = ${month}`);
  await getDb().execute(sql`delete from messages where institution_id = ${inst.id}`);

  await Promise.all(
    Array.from({ length: 500 }, () =>
      sendMessages({ ctx: { db: getDb(), actor: sender, now }, input: { recipientIds: [student.id], body: "Hello" } }),
    ),
  );
  const [usage] = await getDb().execute<{ sent_count: number }>(sql`
    select sent_count from sms_usage_monthly where institution_id = ${inst.id} and month = ${month}`);
  return { rows: await outcomes(inst.id), usage: Number(usage.sent_count) };
}

