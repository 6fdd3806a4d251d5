import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber, type FactoryInstitution } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import { messages, personPhones, systemNumbers } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { getConversationThread } from "./get-conversation";
import { listConversations } from "./list-conversations";
import { markRead } from "./mark-conversation-read";
import { sendConversationMessage } from "./send-conversation-message";
import { providerContext } from "@/lib/service-context";

/*
 * Conversations against real PostgreSQL: the owner's list with unread counts, the thread,
 * replies through the delivery engine, and who may see what (SPEC §1: 404 across people and
 * institutions; administrators see unmatched texts).
 */

const db = () => getDb();
let clock = Date.parse("2026-03-02T15:00:00Z");
/** Strictly increasing times, so "latest first" is decided by the data, not by chance. */
const tick = () => new Date((clock += 1000));

async function actorOf(userId: string): Promise<Actor> {
  return (await loadActor(db(), userId))!;
}
const ctx = (actor: Actor) => ({ db: db(), actor, now: tick() });

async function staffUser(inst: FactoryInstitution, roles: ("ADVISOR" | "ADMIN" | "FACULTY")[] = ["ADVISOR"]) {
  const person = await createPerson(db(), inst, { kind: "staff", roles });
  const user = await createUser(db(), person);
  return { person, actor: await actorOf(user.id) };
}

async function world() {
  const inst = await createInstitution(db());
  await createSystemNumbers(db(), inst, 3);
  const advisor = await staffUser(inst);
  const colleague = await staffUser(inst);
  const admin = await staffUser(inst, ["ADMIN"]);
  const studentA = await createPerson(db(), inst, { firstName: "Ann", lastName: "Alpha", phones: [{ smsStatus: "SMS_ENABLED" }] });
  const studentB = await createPerson(db(), inst, { firstName: "Bo", lastName: "Beta", phones: [{ smsStatus: "SMS_ENABLED" }] });
  const studentUser = await createUser(db(), studentA);
  return { inst, advisor, colleague, admin, studentA, studentB, student: await actorOf(studentUser.id) };
}
type World = Awaited<ReturnType<typeof world>>;

async function text(actor: Actor, input: { personId?: string; conversationId?: string; body: string }) {
  return sendConversationMessage({ ctx: ctx(actor), input });
}

async function inbound(from: string, to: string, body: string) {
  const result = await receiveInbound(providerContext(db(), "twilio", tick()), { MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from, To: to, Body: body });
  if (result.outcome !== "stored") throw new Error(`not stored: ${result.outcome}`);
  return result;
}

async function heldNumber(w: World, actor: Actor) {
  const [row] = await db().select({ number: messages.fromAddress }).from(messages)
    .where(and(eq(messages.fromUserId, actor.userId), eq(messages.channel, "SMS"))).limit(1);
  return row.number!;
}

async function unreadByName(actor: Actor) {
  const page = await listConversations({ ctx: ctx(actor), input: {} });
  return page.items.map((c) => [c.counterpartName ?? c.counterpartNumber, c.unread]);
}

describe("a staff member's conversations", () => {
  it("latest first, with unread counts that reading clears and new replies raise again", async () => {
    const w = await world();
    const a = await text(w.advisor.actor, { personId: w.studentA.id, body: "Hi Ann" });
    const b = await text(w.advisor.actor, { personId: w.studentB.id, body: "Hi Bo" });
    expect([a.result.outcome, b.result.outcome]).toEqual(["SMS", "SMS"]);
    expect(a.conversationId).not.toBeNull();
    const number = await heldNumber(w, w.advisor.actor);
    expect(await unreadByName(w.advisor.actor)).toEqual([["Bo Beta", 0], ["Ann Alpha", 0]]);

    const reply1 = await inbound(w.studentA.phones[0].number, number, "Thanks!");
    const reply2 = await inbound(w.studentA.phones[0].number, number, "See you Monday");
    expect(reply1.conversationId).toBe(a.conversationId);
    expect(await unreadByName(w.advisor.actor)).toEqual([["Ann Alpha", 2], ["Bo Beta", 0]]);

    // Read up to the first reply only: the second still counts.
    await markRead({ ctx: ctx(w.advisor.actor), input: { conversationId: a.conversationId, throughMessageId: reply1.messageId } });
    expect(await unreadByName(w.advisor.actor)).toEqual([["Ann Alpha", 1], ["Bo Beta", 0]]);
    await markRead({ ctx: ctx(w.advisor.actor), input: { conversationId: a.conversationId, throughMessageId: reply2.messageId } });
    // Reading an older message again never marks the later one unread.
    await markRead({ ctx: ctx(w.advisor.actor), input: { conversationId: a.conversationId, throughMessageId: reply1.messageId } });
    expect(await unreadByName(w.advisor.actor)).toEqual([["Ann Alpha", 0], ["Bo Beta", 0]]);

    await inbound(w.studentB.phones[0].number, number, "Who is this?");
    expect(await unreadByName(w.advisor.actor)).toEqual([["Bo Beta", 1], ["Ann Alpha", 0]]);
    const list = await listConversations({ ctx: ctx(w.advisor.actor), input: {} });
    expect(list.items[0].latest).toEqual({ direction: "INBOUND", channel: "SMS", body: "Who is this?", status: "received" });
  });

  it("the thread shows both directions in order; a reply goes through the engine, by email once the phone is disabled", async () => {
    const w = await world();
    const first = await text(w.advisor.actor, { personId: w.studentA.id, body: "Hi Ann" });
    const number = await heldNumber(w, w.advisor.actor);
    await inbound(w.studentA.phones[0].number, number, "Hello!");
    const reply = await text(w.advisor.actor, { conversationId: first.conversationId!, body: "Can you come in?" });
    expect(reply).toMatchObject({ conversationId: first.conversationId, result: { outcome: "SMS", toAddress: w.studentA.phones[0].number } });

    await db().update(personPhones).set({ smsStatus: "SMS_DISABLED" }).where(eq(personPhones.personId, w.studentA.id));
    const byEmail = await text(w.advisor.actor, { conversationId: first.conversationId!, body: "Emailing instead" });
    expect(byEmail.result).toMatchObject({ outcome: "EMAIL", channel: "EMAIL", reasonCode: "NO_SMS_NUMBER", toAddress: w.studentA.emails[0] });

    const thread = await getConversationThread({ ctx: ctx(w.advisor.actor), input: { conversationId: first.conversationId } });
    expect(thread.access).toEqual({ read: true, owner: true, reply: true });
    expect(thread.conversation).toMatchObject({ counterpartPersonId: w.studentA.id, counterpartName: "Ann Alpha", systemNumber: number, unmatched: false });
    expect(thread.messages.map((m) => [m.direction, m.channel, m.body, m.status, m.reasonCode])).toEqual([
      ["OUTBOUND", "SMS", "Hi Ann", "pending", null],
      ["INBOUND", "SMS", "Hello!", "received", null],
      ["OUTBOUND", "SMS", "Can you come in?", "pending", null],
      ["OUTBOUND", "EMAIL", "Emailing instead", "pending", "NO_SMS_NUMBER"],
    ]);
    expect(thread.earlierBeforeId).toBeNull();
  });

  it("an empty reply is refused before anything is stored; a non-permitted sender's reply is refused by the engine", async () => {
    const w = await world();
    const first = await text(w.advisor.actor, { personId: w.studentA.id, body: "Hi Ann" });
    await expect(text(w.advisor.actor, { conversationId: first.conversationId!, body: "   " })).rejects.toMatchObject({ code: "VALIDATION" });
    const faculty = await staffUser(w.inst, ["FACULTY"]);
    await expect(text(faculty.actor, { personId: w.studentA.id, body: "Hello" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("aren't permitted"),
    });
    const stored = await db().select().from(messages).where(eq(messages.toPersonId, w.studentA.id));
    expect(stored.map((m) => [m.body, m.status, m.reasonCode])).toEqual([
      ["Hi Ann", "pending", null],
      ["Hello", "refused", "SENDER_NOT_PERMITTED"],
    ]);
  });

  it("pages latest first with next and previous cursors", async () => {
    const w = await world();
    const people = [];
    for (let i = 0; i < 5; i++) {
      const p = await createPerson(db(), w.inst, { firstName: `P${i}`, lastName: "Paged", phones: [{ smsStatus: "SMS_ENABLED" }] });
      await text(w.advisor.actor, { personId: p.id, body: `Hello ${i}` });
      people.push(p);
    }
    const names = (page: Awaited<ReturnType<typeof listConversations>>) => page.items.map((c) => c.counterpartName);
    const p1 = await listConversations({ ctx: ctx(w.advisor.actor), input: { limit: 2 } });
    expect([names(p1), p1.prevCursor]).toEqual([["P4 Paged", "P3 Paged"], null]);
    const p2 = await listConversations({ ctx: ctx(w.advisor.actor), input: { limit: 2, cursor: p1.nextCursor } });
    expect(names(p2)).toEqual(["P2 Paged", "P1 Paged"]);
    const p3 = await listConversations({ ctx: ctx(w.advisor.actor), input: { limit: 2, cursor: p2.nextCursor } });
    expect([names(p3), p3.nextCursor]).toEqual([["P0 Paged"], null]);
    const back = await listConversations({ ctx: ctx(w.advisor.actor), input: { limit: 2, cursor: p3.prevCursor } });
    expect(names(back)).toEqual(["P2 Paged", "P1 Paged"]);
    const first = await listConversations({ ctx: ctx(w.advisor.actor), input: { limit: 2, cursor: back.prevCursor } });
    expect([names(first), first.prevCursor]).toEqual([["P4 Paged", "P3 Paged"], null]);
    await expect(listConversations({ ctx: ctx(w.advisor.actor), input: { cursor: "bogus" } })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("who sees a conversation", () => {
  it("nobody but its owner: other staff, administrators, the student and another institution get NOT_FOUND", async () => {
    const w = await world();
    const first = await text(w.advisor.actor, { personId: w.studentA.id, body: "Hi Ann" });
    const conversationId = first.conversationId!;
    const other = await createInstitution(db());
    const otherAdmin = await staffUser(other, ["ADMIN"]);
    for (const actor of [w.colleague.actor, w.admin.actor, w.student, otherAdmin.actor]) {
      await expect(getConversationThread({ ctx: ctx(actor), input: { conversationId } })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(markRead({ ctx: ctx(actor), input: { conversationId, throughMessageId: 1 } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(text(w.colleague.actor, { conversationId, body: "Sneaky" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(text(w.student, { conversationId, body: "Sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(text(otherAdmin.actor, { personId: w.studentA.id, body: "Sneaky" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getConversationThread({ ctx: ctx(w.advisor.actor), input: { conversationId: "not-an-id" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // A message of another conversation can't be used to mark this one read.
    const second = await text(w.colleague.actor, { personId: w.studentB.id, body: "Hi Bo" });
    await expect(
      markRead({ ctx: ctx(w.advisor.actor), input: { conversationId, throughMessageId: second.result.messageId } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect((await listConversations({ ctx: ctx(w.colleague.actor), input: {} })).items.map((c) => c.counterpartName)).toEqual(["Bo Beta"]);
    expect((await listConversations({ ctx: ctx(w.student), input: {} })).items).toEqual([]);
    expect((await listConversations({ ctx: ctx(otherAdmin.actor), input: {} })).items).toEqual([]);
  });

  it("unmatched texts (to an unassigned number, from an unknown number) are listed for administrators of that institution only", async () => {
    const w = await world();
    await text(w.advisor.actor, { personId: w.studentA.id, body: "Hi Ann" });
    const held = await heldNumber(w, w.advisor.actor);
    const pool = await db().select({ number: systemNumbers.number }).from(systemNumbers).where(eq(systemNumbers.institutionId, w.inst.id));
    const unassigned = pool.map((p) => p.number).find((n) => n !== held)!;
    const stranger = uniquePhoneNumber();

    const toNobody = await inbound(w.studentB.phones[0].number, unassigned, "Is anyone there?");
    const fromStranger = await inbound(stranger, held, "Wrong number?");

    const unmatched = await listConversations({ ctx: ctx(w.admin.actor), input: { scope: "unmatched" } });
    expect(unmatched.items.map((c) => [c.id, c.ownerName, c.counterpartNumber, c.systemNumber, c.latest.body])).toEqual([
      [fromStranger.conversationId, w.advisor.actor.displayName, stranger, held, "Wrong number?"],
      [toNobody.conversationId, null, w.studentB.phones[0].number, unassigned, "Is anyone there?"],
    ]);
    // The holder sees the stranger's text among their own conversations too, and can't reply to a bare number.
    const mine = await listConversations({ ctx: ctx(w.advisor.actor), input: {} });
    expect(mine.items.map((c) => [c.counterpartName, c.counterpartNumber, c.unread])).toEqual([
      [null, stranger, 1],
      ["Ann Alpha", w.studentA.phones[0].number, 0],
    ]);
    await expect(text(w.advisor.actor, { conversationId: fromStranger.conversationId, body: "Hi" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const asAdmin = await getConversationThread({ ctx: ctx(w.admin.actor), input: { conversationId: toNobody.conversationId } });
    expect([asAdmin.access, asAdmin.conversation.unmatched, asAdmin.messages.map((m) => m.body)]).toEqual([
      { read: true, owner: false, reply: false },
      true,
      ["Is anyone there?"],
    ]);
    expect(await markRead({ ctx: ctx(w.admin.actor), input: { conversationId: toNobody.conversationId, throughMessageId: toNobody.messageId } })).toEqual({
      marked: false,
    });
    await expect(text(w.admin.actor, { conversationId: toNobody.conversationId, body: "Hello" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await expect(listConversations({ ctx: ctx(w.advisor.actor), input: { scope: "unmatched" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getConversationThread({ ctx: ctx(w.colleague.actor), input: { conversationId: toNobody.conversationId } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const other = await createInstitution(db());
    const otherAdmin = await staffUser(other, ["ADMIN"]);
    expect((await listConversations({ ctx: ctx(otherAdmin.actor), input: { scope: "unmatched" } })).items).toEqual([]);
    await expect(getConversationThread({ ctx: ctx(otherAdmin.actor), input: { conversationId: toNobody.conversationId } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
