import { afterAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import {
  ageOutbox,
  conversationsOwnedBy,
  countQueuedTexts,
  holdNewConversation,
  insertOutboxStudents,
  messagesOfSend,
  outboxLeft,
  simulatedOutbound,
  systemNumberIdOf,
} from "@/db/testing/send-outbox";
import type { Actor } from "@/lib/auth/capabilities";
import { countAllJobs, deleteJobs, jobsPerMessage, setJobState } from "@/lib/jobs/pgboss-tables";
import { createBoss, QUEUES, type QueueName } from "@/lib/jobs/queues";
import { createTwilioClient } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import { getMessage } from "@/lib/messaging/get-message";
import { getSendProgress } from "./get-send-progress";
import { sendMessages } from "./send-messages";
import { startWorker, sweep } from "@/lib/jobs/worker";
import { providerContext } from "@/lib/service-context";
import { WRITE_INLINE_MAX, writeSendOutbox } from "./write-send-outbox";

const N = 1500;

/**
 * 1,500 students: 1,000 with an enabled cell phone (texts), 400 with an email only (emails,
 * NO_SMS_NUMBER) and 100 with neither (UNDELIVERABLE). Every 3rd has no phone, every 5th no email.
 */
async function scenario(tag: string) {
  const db = getDb();
  const inst = await createInstitution(db, { smsMonthlyLimit: 100_000 });
  await createSystemNumbers(db, inst, 1);
  const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
  const ids = await insertOutboxStudents(db, { institutionId: inst.id, studentRoleId: inst.roles.STUDENT.id, cellTypeId: inst.phoneTypes.CELL.id, tag, count: N });
  return { db, inst, actor, ids };
}

const messagesOf = (batchId: string) => messagesOfSend(getDb(), batchId);
const outboxOf = (batchId: string) => outboxLeft(getDb(), batchId);
const conversationsOf = async (ownerPersonId: string) => (await conversationsOwnedBy(getDb(), ownerPersonId)).byCounterpart;

/** Every message id carried by the jobs of a queue, with how many jobs carry it. */
async function jobIds(queue: QueueName, ids: readonly number[]) {
  return jobsPerMessage(getDb(), queue, ids);
}

async function writeJobs(batchId: string) {
  return countAllJobs(getDb(), { queue: QUEUES.writeSend, data: { key: "batchId", value: batchId } });
}

const ctxOf = (actor: Actor) => ({ db: getDb(), actor, now: new Date() });
/** A writer's context, as the worker builds one per job. */
const workerCtx = (db: Db, now: () => Date) => providerContext(db, "worker", now());

const boss = createBoss(process.env.DATABASE_URL!, { supervise: false, schedule: false, migrate: false, max: 2 });
boss.on("error", () => {});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
});

describe("large sends through the outbox", () => {
  it("answers with every message id at once; the worker writes the rows in chunks and triggers each exactly once", async () => {
    const { db, actor, ids, inst } = await scenario("OUTBOX");
    expect(N).toBeGreaterThan(WRITE_INLINE_MAX);
    const sentAt = new Date("2026-11-02T15:00:00Z");
    const sent = await sendMessages({ ctx: { db, actor, now: sentAt }, input: { recipientIds: ids, body: "Advising week starts Monday." } });
    expect(sent.summary).toEqual({ texts: 1000, emails: 400, undeliverable: 100, refused: 0 });
    const byId = new Map(sent.results.map((r) => [r.messageId!, r]));
    expect(byId.size).toBe(N);
    expect([...byId.keys()].every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(sent.results.map((r) => r.recipientId)).toEqual(ids);

    // Stored: the outbox in two chunks and a writing job for each; no message row, no
    // conversation and no dispatch job yet.
    const batchId = sent.batchId!;
    expect(await outboxOf(batchId)).toEqual({ written: 0, total: N, chunks: 2 });
    expect(await writeJobs(batchId)).toBe(2);
    expect(await messagesOf(batchId)).toHaveLength(0);
    expect((await conversationsOf(actor.personId!)).size).toBe(0);
    expect((await jobIds(QUEUES.dispatchSms, [...byId.keys()])).size).toBe(0);

    // Readable meanwhile: the message from its outbox, the progress counting it as waiting.
    const text = sent.results.find((r) => r.outcome === "SMS")!;
    const undeliverable = sent.results.find((r) => r.outcome === "UNDELIVERABLE")!;
    const fromOutbox = await getMessage({ ctx: ctxOf(actor), input: { messageId: String(text.messageId) } });
    expect(fromOutbox).toMatchObject({ id: text.messageId, batchId, channel: "SMS", status: "pending", direction: "OUTBOUND", toPersonId: text.recipientId, body: "Advising week starts Monday.", providerId: null, createdAt: sentAt.toISOString(), events: [] });
    expect((await getMessage({ ctx: ctxOf(actor), input: { messageId: String(undeliverable.messageId) } })).reasonCode).toBe("UNDELIVERABLE");
    const waiting = { total: N, waiting: 1400, held: 0, sent: 0, delivered: 0, failed: 100, refused: 0, fallbackEmails: 0, fallbackWaiting: 0 };
    expect(await getSendProgress({ ctx: ctxOf(actor), input: { batchIds: [batchId] } })).toEqual(waiting);

    // A job naming another institution writes nothing of this send.
    const now = () => new Date("2026-11-02T15:00:02Z");
    const other = await createInstitution(db);
    expect(await writeSendOutbox({ ctx: workerCtx(db, now), input: { institutionId: other.id, batchId } })).toBe(0);
    expect(await outboxOf(batchId)).toEqual({ written: 0, total: N, chunks: 2 });

    // One chunk: 1,000 rows and their conversations written and triggered, the rest still in
    // the outbox, counted once.
    const send = { institutionId: inst.id, batchId };
    expect(await writeSendOutbox({ ctx: workerCtx(db, now), input: send }, { maxChunks: 1 })).toBe(1000);
    expect(await outboxOf(batchId)).toEqual({ written: 0, total: 500, chunks: 1 });
    expect(await messagesOf(batchId)).toHaveLength(1000);
    expect((await conversationsOf(actor.personId!)).size).toBe(1000);
    expect(await getSendProgress({ ctx: ctxOf(actor), input: { batchIds: [batchId] } })).toEqual(waiting);

    // The rest; then nothing is left to write.
    expect(await writeSendOutbox({ ctx: workerCtx(db, now), input: send })).toBe(500);
    expect(await outboxOf(batchId)).toBeNull();
    expect(await writeSendOutbox({ ctx: workerCtx(db, now), input: send })).toBe(0);

    // Exactly the answered ids, each as decided, stamped with the send's time, each in the
    // sender's conversation with its recipient (one per recipient, with the number texted).
    const rows = await messagesOf(batchId);
    const conversations = await conversationsOf(actor.personId!);
    expect(conversations.size).toBe(N);
    expect(rows.every((m) => m.conversation_id === conversations.get(m.to_person_id))).toBe(true);
    expect((await conversationsOwnedBy(db, actor.personId!)).withNumber).toBe(1000);
    expect(rows.map((m) => Number(m.id)).sort((a, b) => a - b)).toEqual([...byId.keys()].sort((a, b) => a - b));
    for (const m of rows) {
      const r = byId.get(Number(m.id))!;
      expect(m.to_person_id).toBe(r.recipientId);
      expect(new Date(m.created_at).toISOString()).toBe(sentAt.toISOString());
      if (r.outcome === "SMS") expect([m.channel, m.status, m.to_address, m.reason_code]).toEqual(["SMS", "pending", r.toAddress, null]);
      else if (r.outcome === "EMAIL") expect([m.channel, m.status, m.to_address, m.reason_code]).toEqual(["EMAIL", "pending", r.toAddress, "NO_SMS_NUMBER"]);
      else expect([m.channel, m.status, m.reason_code]).toEqual(["EMAIL", "failed", "UNDELIVERABLE"]);
    }

    // Each text and each email triggered exactly once; nothing for the undeliverable.
    const texts = sent.results.filter((r) => r.outcome === "SMS").map((r) => r.messageId!);
    const emails = sent.results.filter((r) => r.outcome === "EMAIL").map((r) => r.messageId!);
    const smsJobs = await jobIds(QUEUES.dispatchSms, [...byId.keys()]);
    const emailJobs = await jobIds(QUEUES.sendEmail, [...byId.keys()]);
    expect([...smsJobs.keys()].sort((a, b) => a - b)).toEqual(texts.sort((a, b) => a - b));
    expect([...emailJobs.keys()].sort((a, b) => a - b)).toEqual(emails.sort((a, b) => a - b));
    expect([...smsJobs.values(), ...emailJobs.values()].every((n) => n === 1)).toBe(true);

    // Read from messages now, as it was answered from the outbox, now with its conversation.
    const stored = await getMessage({ ctx: ctxOf(actor), input: { messageId: String(text.messageId) } });
    expect(fromOutbox.conversationId).toBeNull();
    expect({ ...stored, conversationId: null }).toEqual(fromOutbox);
    expect(stored.conversationId).toBe(conversations.get(text.recipientId));
  });

  it("two writers of one send write and trigger each row once", async () => {
    const { db, actor, ids, inst } = await scenario("TWICE");
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: "Hello" } });
    const now = () => new Date();
    const send = { institutionId: inst.id, batchId: sent.batchId! };
    const [a, b] = await Promise.all([writeSendOutbox({ ctx: workerCtx(db, now), input: send }), writeSendOutbox({ ctx: workerCtx(db, now), input: send })]);
    expect(a + b).toBe(N);
    expect(await messagesOf(sent.batchId!)).toHaveLength(N);
    const all = sent.results.map((r) => r.messageId!);
    const triggered = [...(await jobIds(QUEUES.dispatchSms, all)).values(), ...(await jobIds(QUEUES.sendEmail, all)).values()];
    expect(triggered).toHaveLength(1400);
    expect(triggered.every((n) => n === 1)).toBe(true);
  });

  it("a conversation another transaction creates while a writer writes its recipient's row is the one the row gets", async () => {
    const { db, actor, ids, inst } = await scenario("RACE");
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: "Race" } });
    const first = sent.results[0];
    expect(first.outcome).toBe("SMS");
    // Another send's transaction creates the conversation with the first recipient and has not
    // committed: the writer's insert of the same conversation waits for it.
    const racing = await holdNewConversation({
      institutionId: inst.id,
      ownerPersonId: actor.personId!,
      counterpartPersonId: first.recipientId,
      systemNumberId: await systemNumberIdOf(db, sent.senderNumber!),
      now: new Date(),
    });
    const writing = writeSendOutbox({ ctx: workerCtx(db, () => new Date()), input: { institutionId: inst.id, batchId: sent.batchId! } }, { maxChunks: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await racing.commit();
    expect(await writing).toBe(1000);
    const rows = await messagesOf(sent.batchId!);
    const conversations = await conversationsOf(actor.personId!);
    expect(conversations.size).toBe(1000);
    expect(rows.find((m) => Number(m.id) === first.messageId)!.conversation_id).toBe(racing.id);
    expect(rows.every((m) => m.conversation_id === conversations.get(m.to_person_id))).toBe(true);
  });

  it("a send of WRITE_INLINE_MAX recipients is written in its own transaction, with no outbox", async () => {
    const { db, actor, ids } = await scenario("INLINE");
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids.slice(0, WRITE_INLINE_MAX), body: "Hi" } });
    expect(await messagesOf(sent.batchId!)).toHaveLength(WRITE_INLINE_MAX);
    expect(await outboxOf(sent.batchId!)).toBeNull();
    expect(await writeJobs(sent.batchId!)).toBe(0);
  });

  it("an outbox message is hidden from other institutions and from staff who may not read it", async () => {
    const { db, actor, ids, inst } = await scenario("PRIVATE");
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: "Private" } });
    const id = String(sent.results[0].messageId);
    const other = await createInstitution(db);
    const otherAdmin = (await loadActor(db, (await createUser(db, await createPerson(db, other, { kind: "staff", roles: ["ADMIN"] }))).id))!;
    const colleague = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }))).id))!;
    const admin = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] }))).id))!;
    await expect(getMessage({ ctx: ctxOf(otherAdmin), input: { messageId: id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getMessage({ ctx: ctxOf(colleague), input: { messageId: id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getMessage({ ctx: ctxOf(admin), input: { messageId: id } })).status).toBe("pending");
    expect(await getSendProgress({ ctx: ctxOf(colleague), input: { batchIds: [sent.batchId!] } })).toMatchObject({ total: 0 });
  });

  it("the sweep queues the writing again for an outbox whose job was lost or failed for good, once", async () => {
    const { db, actor, ids } = await scenario("SWEPT");
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: "Swept" } });
    const batchId = sent.batchId!;
    await deleteJobs(db, { queue: QUEUES.writeSend });
    await sweep(db, new Date());
    expect(await writeJobs(batchId)).toBe(0); // not yet: a job may still be at work
    await ageOutbox(db, batchId, 61);
    await sweep(db, new Date());
    expect(await writeJobs(batchId)).toBe(1);
    // Its new job still waits: the next sweeps queue no other.
    await sweep(db, new Date());
    await sweep(db, new Date());
    expect(await writeJobs(batchId)).toBe(1);
    // That job failed for good: the next sweep queues one more.
    await setJobState(db, { queue: QUEUES.writeSend }, "failed");
    await sweep(db, new Date());
    expect(await writeJobs(batchId)).toBe(2);
  });

  it("the worker writes a large send from its job and hands its texts to Twilio", { timeout: 60_000 }, async () => {
    const { db, actor, ids, inst } = await scenario("WORKER");
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: ids, body: "From the worker" } });
    const twilio = createTwilioClient({
      transport: inProcessTransport((req) => handleSimulatorRequest(req, { db, callbackDelaysMs: [0, 0], publicBaseUrl: "http://localhost", postForm: async () => 200 })),
    });
    await boss.start();
    const worker = await startWorker({ db, boss, twilio, statusCallbackUrl: "http://localhost/api/twilio/status" });
    try {
      const handedOver = () => countQueuedTexts(db, sent.batchId!);
      const started = Date.now();
      while ((await handedOver()) < 1000 && Date.now() - started < 45_000) await new Promise((r) => setTimeout(r, 100));
      expect(await outboxOf(sent.batchId!)).toBeNull();
      expect(await messagesOf(sent.batchId!)).toHaveLength(N);
      expect(await handedOver()).toBe(1000);
      expect(await simulatedOutbound(db, inst.id)).toEqual({ n: 1000, numbers: 1000 });
    } finally {
      worker.stop();
    }
  });
});
