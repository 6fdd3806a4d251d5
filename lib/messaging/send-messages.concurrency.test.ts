import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { resetEnvCache } from "@/lib/env";
import type { Actor } from "@/lib/auth/capabilities";
import { naiveGrants } from "@/test/naive-grants";
import { monthStartInZone } from "./month";
import { sendMessages, type Grants } from "./send-messages";

process.env.DB_POOL_MAX = "80";
resetEnvCache();

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

async function firstSendsAtOnce(pool: number, grants?: Grants) {
  const inst = await createInstitution(getDb(), { smsPhoneNumberLimit: 5 });
  await createSystemNumbers(getDb(), inst, pool);
  const student = await recipientWithPhone(inst);
  const senders = await staffActors(inst, 200);
  await Promise.all(senders.map((actor) => sendMessages({ ctx: { db: getDb(), actor, now, grants }, input: { recipientIds: [student.id], body: "Hello" } })));
  const [assigned] = await getDb().execute<{ n: number; distinct_numbers: number }>(sql`
    select count(*)::int as n, count(distinct system_number_id)::int as distinct_numbers
    from system_number_assignments where institution_id = ${inst.id} and released_at is null`);
  return { inst, assigned, rows: await outcomes(inst.id) };
}

async function sendsAgainstMonthlyLimit(grants?: Grants) {
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
      sendMessages({ ctx: { db: getDb(), actor: sender, now, grants }, input: { recipientIds: [student.id], body: "Hello" } }),
    ),
  );
  const [usage] = await getDb().execute<{ sent_count: number }>(sql`
    select sent_count from sms_usage_monthly where institution_id = ${inst.id} and month = ${month}`);
  return { rows: await outcomes(inst.id), usage: Number(usage.sent_count) };
}

describe("atomic limits under concurrency (SPEC §4.3, §4.4)", () => {
  beforeAll(async () => {
    await getDb().execute(sql`select 1`);
  });

  it("200 first-time senders, 5 free numbers, limit 5 → exactly 5 different numbers; 195 emails", async () => {
    const { assigned, rows } = await firstSendsAtOnce(5);
    expect(assigned).toEqual({ n: 5, distinct_numbers: 5 });
    expect(rows).toEqual([
      { channel: "EMAIL", status: "pending", reason_code: "SMS_PHONE_NUMBER_LIMIT_REACHED", n: 195 },
      { channel: "SMS", status: "pending", reason_code: null, n: 5 },
    ]);
  });

  it("the limit holds with more free numbers than the limit (20 free, limit 5)", async () => {
    const { assigned, rows } = await firstSendsAtOnce(20);
    expect(assigned).toEqual({ n: 5, distinct_numbers: 5 });
    expect(rows.find((r) => r.channel === "SMS")?.n).toBe(5);
  });

  it("500 sends at once with 100 texts left this month → exactly 100 texts, 400 emails", async () => {
    const { rows, usage } = await sendsAgainstMonthlyLimit();
    expect(usage).toBe(1000);
    expect(rows).toEqual([
      { channel: "EMAIL", status: "pending", reason_code: "SMS_MONTHLY_LIMIT_REACHED", n: 400 },
      { channel: "SMS", status: "pending", reason_code: null, n: 100 },
    ]);
  });
});

describe("the same scenarios against a naive check-then-update (proves the tests can fail)", () => {
  it("naive number assignment passes the Phone Number Usage Limit", async () => {
    const { assigned } = await firstSendsAtOnce(20, naiveGrants);
    expect(assigned.n).toBeGreaterThan(5);
  });

  it("naive monthly count grants more than 100 texts", async () => {
    const { rows } = await sendsAgainstMonthlyLimit(naiveGrants);
    expect(rows.find((r) => r.channel === "SMS")!.n).toBeGreaterThan(100);
  });
});
