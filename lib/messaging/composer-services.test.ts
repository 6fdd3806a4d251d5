import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { messages, successTeamMembers } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { getCaseload } from "@/lib/people/get-caseload";
import { getSendProgress, summarizeProgress } from "./send/get-send-progress";
import { listMessagesOfPerson } from "./list-person-messages";
import { sendMessages } from "./send/send-messages";

const now = new Date("2026-04-02T15:00:00Z");
let inst: FactoryInstitution;
let advisor: Actor;
let otherAdvisor: Actor;
let admin: Actor;
let advisorPerson: FactoryPerson;
let students: FactoryPerson[];

async function actorOf(person: FactoryPerson) {
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db);
  await createSystemNumbers(db, inst, 3);
  advisorPerson = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"], lastName: "Aaa" });
  advisor = await actorOf(advisorPerson);
  otherAdvisor = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }));
  admin = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] }));
  students = [
    await createPerson(db, inst, { lastName: "Brown", phones: [{ smsStatus: "SMS_ENABLED" }] }),
    await createPerson(db, inst, { lastName: "Adams" }),
    await createPerson(db, inst, { lastName: "Cole", emails: [] }),
    await createPerson(db, inst, { lastName: "Deleted", deleted: true }),
  ];
});

describe("summarizeProgress", () => {
  it("puts stored statuses into progress buckets, held texts and fallback emails apart", () => {
    expect(
      summarizeProgress([
        { status: "pending", fallback: false, n: 3 },
        { status: "pending", fallback: false, held: true, n: 2 },
        { status: "sending", fallback: false, n: 1 },
        { status: "queued", fallback: false, n: 2 },
        { status: "sent", fallback: false, n: 4 },
        { status: "delivered", fallback: false, n: 5 },
        { status: "failed", fallback: false, n: 6 },
        { status: "undelivered", fallback: false, n: 1 },
        { status: "refused", fallback: false, n: 2 },
        { status: "pending", fallback: true, n: 1 },
        { status: "sent", fallback: true, n: 2 },
      ]),
    ).toEqual({ total: 26, waiting: 4, held: 2, sent: 11, delivered: 5, failed: 7, refused: 2, fallbackEmails: 3, fallbackWaiting: 1 });
  });
});

describe("getSendProgress", () => {
  it("counts what the worker has done with the actor's own sends only", async () => {
    const ctx = { db: getDb(), actor: advisor, now };
    const sent = await sendMessages({ ctx, input: { recipientIds: students.map((s) => s.id), body: "Progress" } });
    expect(await getSendProgress({ ctx, input: { batchIds: [sent.batchId] } })).toEqual({
      total: 3, waiting: 2, held: 0, sent: 0, delivered: 0, failed: 1, refused: 0, fallbackEmails: 0, fallbackWaiting: 0,
    });
    await getDb().update(messages).set({ status: "delivered" }).where(and(eq(messages.batchId, sent.batchId!), eq(messages.channel, "SMS")));
    expect(await getSendProgress({ ctx, input: { batchIds: [sent.batchId] } })).toMatchObject({ total: 3, waiting: 1, sent: 1, delivered: 1 });

    const someoneElse = await getSendProgress({ ctx: { ...ctx, actor: otherAdvisor }, input: { batchIds: [sent.batchId] } });
    expect(someoneElse.total).toBe(0);
    await expect(getSendProgress({ ctx, input: { batchIds: ["nope"] } })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("listMessagesOfPerson", () => {
  it("shows the sender and administrators the messages to a person, newest first, and others nothing", async () => {
    const [brown] = students;
    await sendMessages({ ctx: { db: getDb(), actor: advisor, now: new Date(now.getTime() + 1000) }, input: { recipientIds: [brown.id], body: "Second" } });
    const mine = await listMessagesOfPerson({ ctx: { db: getDb(), actor: advisor, now }, input: { personId: brown.id } });
    expect(mine.map((m) => [m.body, m.channel, m.direction, m.toAddress, m.senderName])).toEqual([
      ["Second", "SMS", "OUTBOUND", brown.phones[0].number, `Staff Aaa`],
      ["Progress", "SMS", "OUTBOUND", brown.phones[0].number, `Staff Aaa`],
    ]);
    expect((await listMessagesOfPerson({ ctx: { db: getDb(), actor: admin, now }, input: { personId: brown.id } })).length).toBe(2);
    expect(await listMessagesOfPerson({ ctx: { db: getDb(), actor: otherAdvisor, now }, input: { personId: brown.id } })).toEqual([]);
  });
});

describe("getCaseload", () => {
  it("lists the current students whose success team has the staff member, by name", async () => {
    await getDb().insert(successTeamMembers).values(
      students.map((s) => ({ institutionId: inst.id, studentPersonId: s.id, staffPersonId: advisorPerson.id })),
    );
    const ids = await getCaseload({ ctx: { db: getDb(), actor: otherAdvisor, now }, input: { staffPersonId: advisorPerson.id } });
    expect(ids).toEqual([students[1].id, students[0].id, students[2].id]);
    const stranger = await createInstitution(getDb());
    const strangerAdmin = await actorOf(await createPerson(getDb(), stranger, { kind: "staff", roles: ["ADMIN"] }));
    expect(await getCaseload({ ctx: { db: getDb(), actor: strangerAdmin, now }, input: { staffPersonId: advisorPerson.id } })).toEqual([]);
  });
});
