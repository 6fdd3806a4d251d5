import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { getDb, getSql } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution } from "@/db/factories";
import { listenForLiveEvents, LIVE_CHANNEL } from "@/db/queries/live-events";
import { findHeldNumber } from "@/db/queries/system-numbers";
import { pauseSendForTest } from "@/db/testing/send-pause";
import { insertOutboxStudents } from "@/db/testing/send-outbox";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { recordSendResult } from "@/lib/messaging/send/carrier-filtering";
import { cancelSend, resumeSend } from "@/lib/messaging/send/sends";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { WRITE_CHUNK, writeSendOutbox } from "@/lib/messaging/send/write-send-outbox";
import { markRead } from "@/lib/conversations/mark-conversation-read";
import { sendConversationMessage } from "@/lib/conversations/send-conversation-message";
import { providerContext } from "@/lib/service-context";
import type { ClientLiveEvent } from "./live-event";
import { createLiveHub, LIVE_CLOCK_SLACK_MS, type LiveHub } from "./live-hub";
import { liveViewerOf } from "./live-stream";
import { NOTIFY_GATHER_MS, notifyMessagesChangedSoon } from "./notify-soon";

/*
 * Live events end to end below the browser: real statements NOTIFY on the real database, and
 * two hubs — two web processes, each with its own LISTEN connection — forward them to their
 * subscribers, each filtered by what that user may see.
 */

const db = () => getDb();
/** The second "web process": a database client of its own, as another process has. */
const otherProcess = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
const hubs: LiveHub[] = [];
afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await otherProcess.end({ timeout: 5 });
});

function hubOf(client: postgres.Sql) {
  const hub = createLiveHub((onPayload, onListen) => listenForLiveEvents(onPayload, onListen, client));
  hubs.push(hub);
  return hub;
}

async function staff(inst: FactoryInstitution, roles: ("ADVISOR" | "ADMIN")[] = ["ADVISOR"]): Promise<Actor> {
  const person = await createPerson(db(), inst, { kind: "staff", roles });
  return (await loadActor(db(), (await createUser(db(), person)).id))!;
}

/** Subscribes a user's tab to a hub; returns what it received, in order. */
function tab(hub: LiveHub, actor: Actor, handset = false) {
  const got: ClientLiveEvent[] = [];
  hub.subscribe({ viewer: { ...liveViewerOf(actor), handset }, send: (e) => got.push(e) });
  return got;
}

async function until(check: () => boolean, ms = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("timed out waiting for live events");
    await new Promise((r) => setTimeout(r, 20));
  }
}
const settle = () => new Promise((r) => setTimeout(r, 300));

/** How many connections are LISTENing on the live channel right now. */
async function listeners() {
  const [row] = await getSql()<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity where datname = current_database() and query = ${`listen "${LIVE_CHANNEL}"`}`;
  return row.n;
}

describe("live events across two web processes", () => {
  it("each process LISTENs once; a reply reaches its owner's tabs on both, and nobody else's", async () => {
    const north = await createInstitution(db());
    await createSystemNumbers(db(), north, 2);
    const lake = await createInstitution(db());
    const [ann, bob, admin, lakeAdmin] = [await staff(north), await staff(north), await staff(north, ["ADMIN"]), await staff(lake, ["ADMIN"])];
    const student = await createPerson(db(), north, { firstName: "Rae", lastName: "Live", phones: [{ smsStatus: "SMS_ENABLED" }] });
    const sent = await sendConversationMessage({ ctx: { db: db(), actor: ann, now: new Date() }, input: { personId: student.id, body: "Hello Rae" } });
    const conversationId = sent.conversationId!;

    const one = hubOf(getSql());
    const two = hubOf(otherProcess);
    const annHere = tab(one, ann);
    const bobHere = tab(one, bob);
    const lakeHere = tab(one, lakeAdmin, true);
    const annThere = tab(two, ann);
    const adminThere = tab(two, admin);
    const handsetThere = tab(two, admin, true);
    await Promise.all([one.ready(), two.ready()]);
    expect([one.size, two.size, await listeners()]).toEqual([3, 3, 2]);

    const number = (await findHeldNumber(db(), { institutionId: north.id, userId: ann.userId }))!.number;
    const reply = await receiveInbound(providerContext(db(), "twilio"), {
      MessageSid: `SM${"cd".repeat(16)}`,
      From: student.phones[0].number,
      To: number,
      Body: "Sure, see you then — my secret body",
    });
    expect(reply).toMatchObject({ outcome: "stored", conversationId });
    const event = { k: "m", i: north.id, c: conversationId, o: ann.personId, p: true };
    await until(() => annHere.length > 0 && annThere.length > 0 && handsetThere.length > 0);
    await settle();
    expect({ annHere, annThere, bobHere, adminThere, handsetThere, lakeHere }).toEqual({
      annHere: [event],
      annThere: [event],
      bobHere: [],
      adminThere: [],
      handsetThere: [{ k: "h" }],
      lakeHere: [],
    });

    // Ann reads it in one tab: her tabs hear it (the unread counts change), nobody else does.
    await markRead({ ctx: { db: db(), actor: ann, now: new Date() }, input: { conversationId, throughMessageId: reply.outcome === "stored" ? reply.messageId : 0 } });
    await until(() => annThere.length > 1);
    await settle();
    expect([annHere.slice(1), annThere.slice(1), bobHere, adminThere, handsetThere.slice(1), lakeHere]).toEqual([
      [{ ...event, k: "r" }],
      [{ ...event, k: "r" }],
      [],
      [],
      [],
      [],
    ]);
  });

  it("a page rendered before its stream opened gets what came in between; a process that was not listening says resync", async () => {
    const north = await createInstitution(db());
    await createSystemNumbers(db(), north, 1);
    const ann = await staff(north);
    const student = await createPerson(db(), north, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    const hub = hubOf(otherProcess);
    tab(hub, ann);
    await hub.ready();
    // Pages render in another process, whose clock may be a little ahead: the hub replays a second earlier.
    await new Promise((r) => setTimeout(r, LIVE_CLOCK_SLACK_MS + 100));
    const renderedAt = Date.now();
    const sent = await sendConversationMessage({ ctx: { db: db(), actor: ann, now: new Date() }, input: { personId: student.id, body: "Hi" } });
    await settle();

    const late: ClientLiveEvent[] = [];
    hub.subscribe({ viewer: liveViewerOf(ann), send: (e) => late.push(e) }, renderedAt);
    expect(late.map((e) => e.k).sort()).toEqual(["m", "s"]);
    expect(late).toContainEqual({ k: "m", i: north.id, c: sent.conversationId, o: ann.personId, p: true });

    const fresh = hubOf(otherProcess);
    const missed: ClientLiveEvent[] = [];
    fresh.subscribe({ viewer: liveViewerOf(ann), send: (e) => missed.push(e) }, renderedAt);
    await fresh.ready();
    expect(missed).toEqual([{ k: "resync" }]);
  });
});

describe("NOTIFY per statement, not per row", () => {
  it("a large send announces each chunk once: one event for its owner's conversations and one for the send, never a body", async () => {
    const inst = await createInstitution(db(), { smsMonthlyLimit: 100_000 });
    await createSystemNumbers(db(), inst, 1);
    const sender = await staff(inst);
    const ids = await insertOutboxStudents(db(), { institutionId: inst.id, studentRoleId: inst.roles.STUDENT.id, cellTypeId: inst.phoneTypes.CELL.id, tag: "LIVE", count: 1500 });
    const sent = await sendMessages({ ctx: { db: db(), actor: sender, now: new Date() }, input: { recipientIds: ids, body: "Advising week starts Monday." } });
    const batchId = sent.batchId!;

    const payloads: string[] = [];
    const { unlisten } = await otherProcess.listen(LIVE_CHANNEL, (p) => payloads.push(p));
    try {
      const written = await writeSendOutbox({ ctx: providerContext(db(), "worker"), input: { institutionId: inst.id, batchId } });
      expect(written).toBe(1500);
      await until(() => payloads.length >= 4);
      await settle();
    } finally {
      await unlisten();
    }
    const chunks = Math.ceil(1500 / WRITE_CHUNK);
    const perChunk = [
      JSON.stringify({ i: inst.id, k: "m", o: sender.personId, p: true }),
      JSON.stringify({ i: inst.id, k: "s", b: batchId, u: sender.userId }),
    ];
    expect(payloads.filter((p) => p.includes(inst.id)).map((p) => JSON.stringify(JSON.parse(p))).sort()).toEqual(
      Array.from({ length: chunks }, () => perChunk).flat().sort(),
    );
    expect(payloads.some((p) => p.includes("Advising"))).toBe(false);
  });

  it("status callbacks of the same moment are announced together: one statement, so their send is named once", async () => {
    const inst = await createInstitution(db());
    await createSystemNumbers(db(), inst, 1);
    const sender = await staff(inst);
    const students = [];
    for (const firstName of ["Ada", "Ben", "Cy"]) students.push(await createPerson(db(), inst, { firstName, lastName: "Soon", phones: [{ smsStatus: "SMS_ENABLED" }] }));
    const sent = await sendMessages({ ctx: { db: db(), actor: sender, now: new Date() }, input: { recipientIds: students.map((p) => p.id), body: "Hello" } });
    const ids = sent.results.map((r) => r.messageId!);
    expect(ids).toHaveLength(3);

    const payloads: string[] = [];
    const { unlisten } = await otherProcess.listen(LIVE_CHANNEL, (p) => payloads.push(p));
    try {
      // Four callbacks within the gathering time, as Twilio's arrive during a send.
      for (const id of [ids[0], ids[1], ids[2], ids[0]]) notifyMessagesChangedSoon(db(), [id]);
      expect(payloads).toEqual([]);
      await until(() => payloads.length >= 4, NOTIFY_GATHER_MS + 5000);
      await settle();
    } finally {
      await unlisten();
    }
    const events = payloads.map((p) => JSON.parse(p) as { k: string; c?: string; b?: string });
    expect(events.filter((e) => e.k === "s")).toEqual([{ i: inst.id, k: "s", b: sent.batchId, u: sender.userId }]);
    expect(events.filter((e) => e.k === "m")).toHaveLength(3);
    expect(new Set(events.filter((e) => e.k === "m").map((e) => e.c)).size).toBe(3);
  });

  it("a send's pause for carrier filtering, its resume and its cancellation each announce the send", async () => {
    const inst = await createInstitution(db(), { smsMonthlyLimit: 1_000 });
    await createSystemNumbers(db(), inst, 1);
    const sender = await staff(inst);
    const student = await createPerson(db(), inst, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    const sent = await sendMessages({ ctx: { db: db(), actor: sender, now: new Date() }, input: { recipientIds: [student.id], body: "Office hours moved to 3 PM." } });
    const batchId = sent.batchId!;
    const sendEvent = JSON.stringify({ i: inst.id, k: "s", b: batchId, u: sender.userId });
    const payloads: string[] = [];
    const events = () => payloads.filter((p) => JSON.stringify(JSON.parse(p)) === sendEvent).length;
    const { unlisten } = await otherProcess.listen(LIVE_CHANNEL, (p) => payloads.push(p));
    try {
      // Five filtered results: the fifth pauses it.
      for (let i = 0; i < 5; i++) {
        await db().transaction((tx) => recordSendResult(tx, { institutionId: inst.id, batchId, result: { kind: "failed", errorCode: 30007 }, now: new Date() }));
      }
      await until(() => events() >= 1);
      await resumeSend({ ctx: { db: db(), actor: sender, now: new Date() }, input: { sendId: batchId } });
      await until(() => events() >= 2);
      await pauseSendForTest(db(), batchId);
      await cancelSend({ ctx: { db: db(), actor: sender, now: new Date() }, input: { sendId: batchId } });
      await until(() => events() >= 3);
      await settle();
    } finally {
      await unlisten();
    }
    expect(events()).toBe(3);
  });
});
