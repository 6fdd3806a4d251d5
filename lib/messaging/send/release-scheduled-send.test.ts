import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber } from "@/db/factories";
import { findSend } from "@/db/queries/sends";
import { getMonthlyUsage } from "@/db/queries/sms-usage";
import { insertOutboxStudents, messagesOfSend } from "@/db/testing/send-outbox";
import { countMessagesOfSend, demoteToFaculty, sendRecipientsOf } from "@/db/testing/sends";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { countAllJobs } from "@/lib/jobs/pgboss-tables";
import { createBoss, QUEUES } from "@/lib/jobs/queues";
import { sweep } from "@/lib/jobs/worker";
import { isAppError } from "@/lib/errors";
import { providerContext } from "@/lib/service-context";
import { releaseScheduledSend } from "./release-scheduled-send";
import { cancelSend, changeScheduledSend, getSend } from "./sends";
import { sendMessages } from "./send-messages";
import { writeSendOutbox } from "./write-send-outbox";

const boss = createBoss(process.env.DATABASE_URL!, { supervise: false, schedule: false, migrate: false, max: 2 });
boss.on("error", () => {});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

const T0 = new Date("2026-11-02T15:00:00Z");
const DUE = new Date("2026-11-02T16:00:00Z");
const MONTH = "2026-11-01";
const at = (ms: number) => new Date(DUE.getTime() + ms);

/** An advisor (permitted) of a fresh institution with a number pool, and `n` students with a texting phone each. */
async function scenario(n = 3) {
  const db = getDb();
  const inst = await createInstitution(db, { smsMonthlyLimit: 1000 });
  await createSystemNumbers(db, inst, 2);
  const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
  const students = [];
  for (let i = 0; i < n; i++) students.push(await createPerson(db, inst, { phones: [{ number: uniquePhoneNumber(), smsStatus: "SMS_ENABLED" }] }));
  return { db, inst, sender, actor, ids: students.map((s) => s.id) };
}

const ctxAt = (actor: Actor, now: Date) => ({ db: getDb(), actor, now });
const workerAt = (now: Date) => providerContext(getDb(), "worker", now);
const used = async (institutionId: string) => (await getMonthlyUsage(getDb(), { institutionId, month: MONTH })).used;

async function schedule(actor: Actor, ids: string[], body = "Registration opens tomorrow.") {
  const sent = await sendMessages({ ctx: ctxAt(actor, T0), input: { recipientIds: ids, body, sendAt: DUE.toISOString() } });
  return sent;
}

async function expectAppError(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(isAppError(err)).toBe(true);
  if (isAppError(err)) {
    expect(err.code).toBe(code);
    if (message) expect(err.message).toMatch(message);
  }
}

describe("scheduled sends (SPEC §9)", () => {
  it("stores recipients and body only, with its release job; takes no decision, count or number until released", async () => {
    const { db, inst, actor, ids } = await scenario(3);
    const sent = await schedule(actor, [...ids, "not-an-id"]);
    expect(sent).toMatchObject({ state: "scheduled", scheduledFor: DUE.toISOString(), results: [], unknownRecipientIds: ["not-an-id"], senderNumber: null });
    expect(sent.summary).toEqual({ texts: 0, emails: 0, undeliverable: 0, refused: 0 });
    const batchId = sent.batchId!;
    expect(await countMessagesOfSend(db, batchId)).toBe(0);
    expect(await used(inst.id)).toBe(0);
    expect((await sendRecipientsOf(db, batchId)).state).toBe("scheduled");
    expect(await countAllJobs(db, { queue: QUEUES.releaseSend, data: { key: "batchId", value: batchId } })).toBe(1);
    const view = await getSend({ ctx: ctxAt(actor, T0), input: { sendId: batchId } });
    expect(view).toMatchObject({ state: "scheduled", recipientCount: 3, scheduledFor: DUE.toISOString(), releasedAt: null, counts: { texts: 0, emails: 0, undeliverable: 0, refused: 0 } });
  });

  it("refuses a time less than a minute or more than a year ahead, storing nothing", async () => {
    const { actor, ids } = await scenario(1);
    const input = (sendAt: Date) => ({ recipientIds: ids, body: "Hi", sendAt: sendAt.toISOString() });
    await expectAppError(sendMessages({ ctx: ctxAt(actor, T0), input: input(new Date(T0.getTime() + 30_000)) }), "VALIDATION", /at least a minute/);
    await expectAppError(sendMessages({ ctx: ctxAt(actor, T0), input: input(new Date(T0.getTime() + 400 * 86_400_000)) }), "VALIDATION", /within a year/);
  });

  it("is released once under two concurrent workers; the month's texts and the number are taken at release", async () => {
    const { db, inst, actor, ids } = await scenario(3);
    const batchId = (await schedule(actor, ids)).batchId!;

    // Before its time: nothing.
    expect(await releaseScheduledSend({ ctx: workerAt(at(-1000)), input: { batchId } })).toBe("not-due");
    expect(await countMessagesOfSend(db, batchId)).toBe(0);

    const outcomes = await Promise.all([
      releaseScheduledSend({ ctx: workerAt(at(500)), input: { batchId } }),
      releaseScheduledSend({ ctx: workerAt(at(600)), input: { batchId } }),
    ]);
    expect(outcomes.sort()).toEqual(["not-scheduled", "released"]);
    expect(await countMessagesOfSend(db, batchId)).toBe(3);
    expect(await used(inst.id)).toBe(3);
    const rows = await messagesOfSend(db, batchId);
    expect(rows.map((r) => [r.channel, r.status, r.body])).toEqual(Array(3).fill(["SMS", "pending", "Registration opens tomorrow."]));
    const send = (await findSend(db, { institutionId: inst.id, batchId }))!;
    expect(send).toMatchObject({ state: "done", counts: { texts: 3, emails: 0, undeliverable: 0, refused: 0 }, recipientCount: 3 });
    expect(send.releasedAt!.getTime()).toBeGreaterThanOrEqual(at(500).getTime());
    expect(send.finishedAt).not.toBeNull();
    expect((await sendRecipientsOf(db, batchId)).recipient_ids).toBeNull();

    // A third try (the sweep, a late job) finds it released.
    expect(await releaseScheduledSend({ ctx: workerAt(at(10_000)), input: { batchId } })).toBe("not-scheduled");
    expect(await countMessagesOfSend(db, batchId)).toBe(3);
    // And it can no longer be changed or cancelled.
    await expectAppError(cancelSend({ ctx: ctxAt(actor, at(11_000)), input: { sendId: batchId } }), "CONFLICT", /released/);
    await expectAppError(changeScheduledSend({ ctx: ctxAt(actor, at(11_000)), input: { sendId: batchId, change: { body: "Late" } } }), "CONFLICT");
  });

  it("cancelled before its time sends nothing, whatever runs after", async () => {
    const { db, inst, actor, ids } = await scenario(2);
    const batchId = (await schedule(actor, ids)).batchId!;
    const cancelled = await cancelSend({ ctx: ctxAt(actor, at(-60_000)), input: { sendId: batchId } });
    expect(cancelled).toMatchObject({ state: "cancelled", cancelledAt: at(-60_000).toISOString() });
    expect(await releaseScheduledSend({ ctx: workerAt(at(1000)), input: { batchId } })).toBe("not-scheduled");
    await sweep(db, at(60_000));
    expect(await countMessagesOfSend(db, batchId)).toBe(0);
    expect(await used(inst.id)).toBe(0);
    await expectAppError(cancelSend({ ctx: ctxAt(actor, at(-1000)), input: { sendId: batchId } }), "CONFLICT", /cancelled/);
  });

  it("an edit of body and time before release: the release uses the new body at the new time", async () => {
    const { db, actor, ids } = await scenario(2);
    const batchId = (await schedule(actor, ids)).batchId!;
    const later = at(3_600_000);
    const changed = await changeScheduledSend({
      ctx: ctxAt(actor, at(-120_000)),
      input: { sendId: batchId, change: { body: "Registration opens Thursday.", sendAt: later.toISOString() } },
    });
    expect(changed).toMatchObject({ state: "scheduled", body: "Registration opens Thursday.", scheduledFor: later.toISOString() });
    expect(await countAllJobs(db, { queue: QUEUES.releaseSend, data: { key: "batchId", value: batchId } })).toBe(2);
    // The job for the old time finds it not due.
    expect(await releaseScheduledSend({ ctx: workerAt(at(1000)), input: { batchId } })).toBe("not-due");
    expect(await releaseScheduledSend({ ctx: workerAt(new Date(later.getTime() + 1000)), input: { batchId } })).toBe("released");
    expect((await messagesOfSend(db, batchId)).map((r) => r.body)).toEqual(["Registration opens Thursday.", "Registration opens Thursday."]);
  });

  it("a sender who may no longer text has every recipient refused (SENDER_NOT_PERMITTED) at release; nothing is counted", async () => {
    const { db, inst, sender, actor, ids } = await scenario(2);
    const batchId = (await schedule(actor, ids)).batchId!;
    await demoteToFaculty(db, { institutionId: inst.id, personId: sender.id });
    expect(await releaseScheduledSend({ ctx: workerAt(at(1000)), input: { batchId } })).toBe("released");
    const rows = await messagesOfSend(db, batchId);
    expect(rows.map((r) => [r.status, r.reason_code])).toEqual([
      ["refused", "SENDER_NOT_PERMITTED"],
      ["refused", "SENDER_NOT_PERMITTED"],
    ]);
    expect(await used(inst.id)).toBe(0);
    expect((await findSend(db, { institutionId: inst.id, batchId }))!.counts).toEqual({ texts: 0, emails: 0, undeliverable: 0, refused: 2 });
  });

  it("the worker's sweep releases a send whose job was lost", async () => {
    const { db, actor, ids } = await scenario(1);
    const batchId = (await schedule(actor, ids)).batchId!;
    await sweep(db, at(2000));
    expect(await countMessagesOfSend(db, batchId)).toBe(0);
    await sweep(db, at(6000));
    expect(await countMessagesOfSend(db, batchId)).toBe(1);
  });

  it("others: another institution's send is not found; staff cannot see or change a colleague's; an administrator can cancel it but not edit it", async () => {
    const { db, inst, actor, ids } = await scenario(1);
    const batchId = (await schedule(actor, ids)).batchId!;
    const lake = await createInstitution(db);
    const lakeAdmin = (await loadActor(db, (await createUser(db, await createPerson(db, lake, { kind: "staff", roles: ["ADMIN"] }))).id))!;
    const colleague = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }))).id))!;
    const admin = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] }))).id))!;
    const before = at(-60_000);
    await expectAppError(getSend({ ctx: ctxAt(lakeAdmin, before), input: { sendId: batchId } }), "NOT_FOUND");
    await expectAppError(cancelSend({ ctx: ctxAt(lakeAdmin, before), input: { sendId: batchId } }), "NOT_FOUND");
    await expectAppError(getSend({ ctx: ctxAt(colleague, before), input: { sendId: batchId } }), "NOT_FOUND");
    await expectAppError(cancelSend({ ctx: ctxAt(colleague, before), input: { sendId: batchId } }), "NOT_FOUND");
    await expectAppError(changeScheduledSend({ ctx: ctxAt(admin, before), input: { sendId: batchId, change: { body: "x" } } }), "FORBIDDEN");
    expect((await getSend({ ctx: ctxAt(admin, before), input: { sendId: batchId } })).state).toBe("scheduled");
    expect((await cancelSend({ ctx: ctxAt(admin, before), input: { sendId: batchId } })).state).toBe("cancelled");
    await expectAppError(getSend({ ctx: ctxAt(actor, before), input: { sendId: "not-a-uuid" } }), "NOT_FOUND");
  });
});

describe("a send's lifecycle (SPEC §9)", () => {
  it("an immediate small send is done at once with its counts", async () => {
    const { db, inst, actor, ids } = await scenario(2);
    const sent = await sendMessages({ ctx: ctxAt(actor, T0), input: { recipientIds: ids, body: "Now." } });
    expect(sent.state).toBe("done");
    const send = (await findSend(db, { institutionId: inst.id, batchId: sent.batchId! }))!;
    expect(send).toMatchObject({ state: "done", releasedAt: T0, finishedAt: T0, scheduledFor: null, counts: { texts: 2, emails: 0, undeliverable: 0, refused: 0 } });
  });

  it("a large send is sending until the writer of its last chunk marks it done", async () => {
    const db = getDb();
    const inst = await createInstitution(db, { smsMonthlyLimit: 100_000 });
    await createSystemNumbers(db, inst, 1);
    const actor = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }))).id))!;
    const ids = await insertOutboxStudents(db, { institutionId: inst.id, studentRoleId: inst.roles.STUDENT.id, cellTypeId: inst.phoneTypes.CELL.id, tag: "LIFE", count: 1500 });
    const sent = await sendMessages({ ctx: ctxAt(actor, T0), input: { recipientIds: ids, body: "Advising week." } });
    expect(sent.state).toBe("sending");
    const batchId = sent.batchId!;
    const stateOf = async () => (await findSend(db, { institutionId: inst.id, batchId }))!;
    expect(await stateOf()).toMatchObject({ state: "sending", finishedAt: null, counts: { texts: 1000, emails: 400, undeliverable: 100, refused: 0 } });
    const written = new Date("2026-11-02T15:00:05Z");
    const writer = { ctx: providerContext(db, "worker", written), input: { institutionId: inst.id, batchId } };
    // Two writers side by side, one chunk each: exactly one of them finds the outbox empty.
    const counts = await Promise.all([writeSendOutbox(writer, { maxChunks: 1 }), writeSendOutbox(writer, { maxChunks: 1 })]);
    expect(counts.sort()).toEqual([1000, 500]);
    expect(await stateOf()).toMatchObject({ state: "done", finishedAt: written });
  });

  it("a large scheduled send is released through its outbox: its rows are dated at release, and it is done when written", async () => {
    const db = getDb();
    const inst = await createInstitution(db, { smsMonthlyLimit: 100_000 });
    await createSystemNumbers(db, inst, 1);
    const actor = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }))).id))!;
    const ids = await insertOutboxStudents(db, { institutionId: inst.id, studentRoleId: inst.roles.STUDENT.id, cellTypeId: inst.phoneTypes.CELL.id, tag: "LATER", count: 1500 });
    const batchId = (await schedule(actor, ids)).batchId!;
    const releasedAt = at(2000);
    expect(await releaseScheduledSend({ ctx: workerAt(releasedAt), input: { batchId } })).toBe("released");
    expect(await findSend(db, { institutionId: inst.id, batchId })).toMatchObject({ state: "sending", releasedAt, counts: { texts: 1000, emails: 400, undeliverable: 100, refused: 0 } });
    expect(await used(inst.id)).toBe(1000);
    expect(await writeSendOutbox({ ctx: workerAt(at(4000)), input: { institutionId: inst.id, batchId } })).toBe(1500);
    const rows = await messagesOfSend(db, batchId);
    expect(rows).toHaveLength(1500);
    expect(new Set(rows.map((r) => new Date(r.created_at).toISOString()))).toEqual(new Set([releasedAt.toISOString()]));
    expect(await findSend(db, { institutionId: inst.id, batchId })).toMatchObject({ state: "done", finishedAt: at(4000) });
  });
});
