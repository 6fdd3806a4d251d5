import { and, asc, eq, inArray, TransactionRollbackError } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber, type FactoryInstitution, type PersonInput } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { conversations, messageEvents, messages, personPhones, phoneHistory, systemNumberAssignments, systemNumbers, webhookReceipts } from "@/db/schema";
import { newSid, queuedNotifications, snapshotWrites, twilioRequest, usePublicBaseUrl } from "@/test/twilio-webhooks";
import { inboundTextForm, receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { POST } from "./route";
import { providerContext } from "@/lib/service-context";

const PATH = "/api/twilio/inbound";

beforeAll(usePublicBaseUrl);

async function holderOf(inst: FactoryInstitution) {
  const db = getDb();
  const staff = await createPerson(db, inst, { kind: "staff" });
  const user = await createUser(db, staff);
  const held = await assignSystemNumber(db, { institutionId: inst.id, userId: user.id, personId: staff.id, now: new Date() });
  return { staff, user, held: held! };
}

/** An institution with two pool numbers, one held by a staff member. */
async function world() {
  const db = getDb();
  const inst = await createInstitution(db);
  await createSystemNumbers(db, inst, 2);
  const holder = await holderOf(inst);
  return { db, inst, ...holder };
}
type World = Awaited<ReturnType<typeof world>>;

function student(w: World, input: PersonInput) {
  return createPerson(w.db, w.inst, input);
}

function text(from: string, to: string, body: string, extra: Record<string, string> = {}) {
  const sid = newSid();
  return {
    AccountSid: "AC00000000000000000000000000000000", ApiVersion: "2010-04-01", Body: body, From: from, MessageSid: sid,
    NumMedia: "0", NumSegments: "1", SmsMessageSid: sid, SmsSid: sid, SmsStatus: "received", To: to, ...extra,
  };
}

async function post(params: Record<string, string>, options?: Parameters<typeof twilioRequest>[2]) {
  const res = await POST(twilioRequest(PATH, params, options));
  return res;
}

async function inbound(sid: string) {
  return getDb().select().from(messages).where(and(eq(messages.providerId, sid), eq(messages.direction, "INBOUND")));
}

async function statuses(personId: string) {
  const rows = await getDb().select().from(personPhones).where(eq(personPhones.personId, personId)).orderBy(asc(personPhones.createdAt), asc(personPhones.id));
  return rows.map((p) => p.smsStatus);
}

async function historyOf(phoneIds: string[]) {
  if (phoneIds.length === 0) return [];
  return getDb().select().from(phoneHistory).where(inArray(phoneHistory.phoneId, phoneIds)).orderBy(asc(phoneHistory.id));
}

/** A text the holder sent to `number` before (so an inbound from it is a reply). */
async function textedBefore(w: World, toPersonId: string, number: string) {
  await w.db.insert(messages).values({
    institutionId: w.inst.id, channel: "SMS", direction: "OUTBOUND", fromUserId: w.user.id, fromPersonId: w.staff.id, toPersonId,
    fromAddress: w.held.number, toAddress: number, systemNumberId: w.held.systemNumberId, body: "Hello from advising", status: "delivered", providerId: newSid(),
  });
}

describe("POST /api/twilio/inbound: storing", () => {
  it("a reply from a known person: stored on the person conversation, nothing changes, the holder is notified", async () => {
    const w = await world();
    const s = await student(w, { phones: [{ smsStatus: "SMS_DEFAULT" }] });
    const number = s.phones[0].number;
    await textedBefore(w, s.id, number);
    const params = text(number, w.held.number, "Thanks, see you then!");
    const res = await post(params);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    expect(await res.text()).toBe("<Response></Response>");

    const [row] = await inbound(params.MessageSid);
    expect(row).toMatchObject({
      institutionId: w.inst.id, channel: "SMS", direction: "INBOUND", status: "received", fromAddress: number, toAddress: w.held.number,
      systemNumberId: w.held.systemNumberId, toPersonId: w.staff.id, fromPersonId: s.id, body: "Thanks, see you then!", segments: 1, decisionDetail: null,
    });
    const [conv] = await w.db.select().from(conversations).where(eq(conversations.id, row.conversationId!));
    expect(conv).toMatchObject({ institutionId: w.inst.id, ownerPersonId: w.staff.id, counterpartPersonId: s.id });
    expect(await statuses(s.id)).toEqual(["SMS_DEFAULT"]);
    expect(await historyOf([s.phones[0].id])).toEqual([]);
    expect(await queuedNotifications(w.db, row.id)).toBe(1);
    const events = await w.db.select().from(messageEvents).where(eq(messageEvents.messageId, row.id));
    expect(events.map((e) => [e.status, e.source, e.eventKey])).toEqual([["received", "TWILIO", `${params.MessageSid}:received`]]);
  });

  it("the same delivery three times stores one message and changes statuses once", async () => {
    const w = await world();
    const s = await student(w, { phones: [{}] });
    const params = text(s.phones[0].number, w.held.number, "Hi, who is this?");
    for (let i = 0; i < 3; i++) expect((await post(params)).status).toBe(200);
    const rows = await inbound(params.MessageSid);
    expect(rows.length).toBe(1);
    expect((await historyOf([s.phones[0].id])).length).toBe(1);
    expect(await queuedNotifications(w.db, rows[0].id)).toBe(1);
  });

  it("the reply notification is queued in the text's own transaction: rolled back with it, nothing is queued", async () => {
    const w = await world();
    const s = await student(w, { phones: [{}] });
    await textedBefore(w, s.id, s.phones[0].number);
    const params = text(s.phones[0].number, w.held.number, "Running late");
    let storedId = 0;
    await w.db
      .transaction(async (outer) => {
        const result = await receiveInbound(providerContext(outer as unknown as Db, "twilio"), inboundTextForm.parse(params));
        if (result.outcome !== "stored") throw new Error(`expected stored, got ${result.outcome}`);
        storedId = result.messageId;
        expect(await queuedNotifications(outer, storedId)).toBe(1);
        outer.rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof TransactionRollbackError)) throw err;
      });
    expect(storedId).toBeGreaterThan(0);
    expect(await inbound(params.MessageSid)).toEqual([]);
    expect(await queuedNotifications(w.db, storedId)).toBe(0);
  });

  it("numbers are compared in E.164: a From without its plus still finds the person", async () => {
    const w = await world();
    const s = await student(w, { phones: [{}] });
    const params = text(s.phones[0].number.slice(1), w.held.number, "Hello");
    await post(params);
    const [row] = await inbound(params.MessageSid);
    expect([row.fromAddress, row.fromPersonId]).toEqual([s.phones[0].number, s.id]);
  });

  it("a number nobody holds: stored with no sender on a number conversation of the holder, which the holder is told about", async () => {
    const w = await world();
    const stranger = uniquePhoneNumber();
    const params = text(stranger, w.held.number, "Is this the advising office?");
    expect((await post(params)).status).toBe(200);
    const [row] = await inbound(params.MessageSid);
    expect([row.fromPersonId, row.toPersonId, row.fromAddress, row.decisionDetail]).toEqual([null, w.staff.id, stranger, "INITIATION"]);
    const [conv] = await w.db.select().from(conversations).where(eq(conversations.id, row.conversationId!));
    expect(conv).toMatchObject({ ownerPersonId: w.staff.id, counterpartPersonId: null, counterpartNumber: stranger, systemNumberId: w.held.systemNumberId });
    expect(await queuedNotifications(w.db, row.id)).toBe(1);

    const again = text(stranger, w.held.number, "Hello?");
    await post(again);
    expect((await inbound(again.MessageSid))[0].conversationId).toBe(conv.id);
  });

  it("a number that changed hands: the new holder gets a new conversation, the old one keeps its texts", async () => {
    const w = await world();
    const stranger = uniquePhoneNumber();
    const first = text(stranger, w.held.number, "First");
    await post(first);
    const [old] = await inbound(first.MessageSid);
    await w.db.update(systemNumberAssignments).set({ releasedAt: new Date() }).where(eq(systemNumberAssignments.userId, w.user.id));
    await w.db.update(personPhones).set({ deleted: true }).where(eq(personPhones.id, w.held.personPhoneId));
    // The next permitted user texting for the first time gets a free number: the one just returned, or the other.
    const next = await holderOf(w.inst);
    const second = text(stranger, next.held.number, "Second");
    await post(second);
    const [fresh] = await inbound(second.MessageSid);
    expect(fresh.toPersonId).toBe(next.staff.id);
    expect(fresh.conversationId).not.toBe(old.conversationId);
    const [newConv] = await w.db.select().from(conversations).where(eq(conversations.id, fresh.conversationId!));
    expect(newConv.ownerPersonId).toBe(next.staff.id);
    const [oldConv] = await w.db.select().from(conversations).where(eq(conversations.id, old.conversationId!));
    expect(oldConv.ownerPersonId).toBe(w.staff.id);
  });

  it("a pool number nobody holds: stored for the institution, nobody notified", async () => {
    const w = await world();
    const held = new Set([w.held.systemNumberId]);
    const [free] = (await w.db.select().from(systemNumbers).where(eq(systemNumbers.institutionId, w.inst.id))).filter((n) => !held.has(n.id));
    const s = await student(w, { phones: [{}] });
    const params = text(s.phones[0].number, free.number, "Hello?");
    expect((await post(params)).status).toBe(200);
    const [row] = await inbound(params.MessageSid);
    expect([row.institutionId, row.systemNumberId, row.toPersonId, row.fromPersonId]).toEqual([w.inst.id, free.id, null, s.id]);
    expect(row.conversationId).not.toBeNull();
    expect(await queuedNotifications(w.db, row.id)).toBe(0);
  });

  it("a To number in no institution's pool: answered 200, kept in webhook_receipts only", async () => {
    const w = await world();
    const params = text(uniquePhoneNumber(), uniquePhoneNumber(), "Anyone there?");
    const before = await snapshotWrites(w.db);
    for (let i = 0; i < 2; i++) expect((await post(params)).status).toBe(200);
    const after = await snapshotWrites(w.db);
    expect(after.counts).toEqual({ ...before.counts, webhook_receipts: before.counts.webhook_receipts + 1 });
    const [receipt] = await w.db.select().from(webhookReceipts).where(eq(webhookReceipts.idempotencyKey, params.MessageSid));
    expect([receipt.provider, receipt.kind, receipt.institutionId]).toEqual(["twilio", "inbound-unrouted", null]);
    expect(receipt.payload).toMatchObject({ From: params.From, To: params.To, Body: "Anyone there?" });
  });
});

describe("POST /api/twilio/inbound: signature and parameters", () => {
  it.each([
    ["forged", { signature: "Zm9yZ2VkLXNpZ25hdHVyZQ==" }],
    ["missing", { signature: null }],
    ["made for another host", { signedFor: `http://localhost:3000${PATH}` }],
  ] as const)("a %s signature → 403 and no row changes (not even for STOP)", async (_name, options) => {
    const w = await world();
    const s = await student(w, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    const before = await snapshotWrites(w.db);
    const res = await post(text(s.phones[0].number, w.held.number, "STOP"), options);
    expect(res.status).toBe(403);
    expect(await snapshotWrites(w.db)).toEqual(before);
  });

  it("a correctly signed form without From → 400 and no row changes", async () => {
    const w = await world();
    const params: Record<string, string> = text(uniquePhoneNumber(), w.held.number, "hi");
    delete params.From;
    const before = await snapshotWrites(w.db);
    expect((await post(params)).status).toBe(400);
    expect(await snapshotWrites(w.db)).toEqual(before);
  });
});

describe("POST /api/twilio/inbound: SPEC §2 status rules, applied at once", () => {
  it("opt-out from a number two persons share: every current phone of both is disabled, with history", async () => {
    const w = await world();
    const shared = uniquePhoneNumber();
    const a = await student(w, { phones: [{ number: shared, smsStatus: "SMS_ENABLED" }, { type: "HOME" }, { type: "WORK", deleted: true }] });
    const b = await student(w, { phones: [{ number: shared }, { type: "HOME", smsStatus: "SMS_ENABLED" }] });
    const params = text(shared, w.held.number, "STOP");
    await post(params);
    const [row] = await inbound(params.MessageSid);
    expect([row.fromPersonId, row.decisionDetail]).toEqual([null, "OPT_OUT"]);
    expect(await statuses(a.id)).toEqual(["SMS_DISABLED", "SMS_DISABLED", "SMS_DEFAULT"]);
    expect(await statuses(b.id)).toEqual(["SMS_DISABLED", "SMS_DISABLED"]);
    const changed = [a.phones[0], a.phones[1], b.phones[0], b.phones[1]];
    const history = await historyOf([...changed, a.phones[2]].map((p) => p.id));
    expect(history.map((h) => [h.phoneId, h.newValue, h.actorType, h.reason, h.messageId]).sort()).toEqual(
      changed.map((p) => [p.id, "SMS_DISABLED", "SYSTEM", "OPT_OUT_KEYWORD", row.id]).sort(),
    );
    const [conv] = await w.db.select().from(conversations).where(eq(conversations.id, row.conversationId!));
    expect([conv.counterpartPersonId, conv.counterpartNumber]).toEqual([null, shared]);
    expect(await queuedNotifications(w.db, row.id)).toBe(0);
  });

  it.each([["  Stop! "], ["stop"], ["UNSUBSCRIBE"], ["Cancel."]])("%j is an opt-out", async (body) => {
    const w = await world();
    const s = await student(w, { phones: [{ smsStatus: "SMS_ENABLED" }, { type: "HOME" }] });
    await post(text(s.phones[0].number, w.held.number, body));
    expect(await statuses(s.id)).toEqual(["SMS_DISABLED", "SMS_DISABLED"]);
  });

  it("OptOutType=STOP decides: \"please stop texting\" is an opt-out", async () => {
    const w = await world();
    const s = await student(w, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    await post(text(s.phones[0].number, w.held.number, "please stop texting", { OptOutType: "STOP" }));
    expect(await statuses(s.id)).toEqual(["SMS_DISABLED"]);
  });

  it("without OptOutType, \"stop please\" is an ordinary reply", async () => {
    const w = await world();
    const s = await student(w, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    await textedBefore(w, s.id, s.phones[0].number);
    const params = text(s.phones[0].number, w.held.number, "stop please");
    await post(params);
    expect(await statuses(s.id)).toEqual(["SMS_ENABLED"]);
    const [row] = await inbound(params.MessageSid);
    expect(await queuedNotifications(w.db, row.id)).toBe(1);
  });

  it("START enables only the records with that number, of every holder", async () => {
    const w = await world();
    const number = uniquePhoneNumber();
    const a = await student(w, { phones: [{ number, smsStatus: "SMS_DISABLED" }, { type: "HOME", smsStatus: "SMS_DISABLED" }] });
    const b = await student(w, { phones: [{ number, type: "HOME", smsStatus: "SMS_DISABLED" }] });
    await textedBefore(w, a.id, number);
    const params = text(number, w.held.number, "START");
    await post(params);
    const [row] = await inbound(params.MessageSid);
    expect(row.decisionDetail).toBe("OPT_IN");
    expect(await statuses(a.id)).toEqual(["SMS_ENABLED", "SMS_DISABLED"]);
    expect(await statuses(b.id)).toEqual(["SMS_ENABLED"]);
    const history = await historyOf([a.phones[0].id, a.phones[1].id, b.phones[0].id]);
    expect(history.map((h) => [h.phoneId, h.oldValue, h.newValue, h.reason, h.messageId]).sort()).toEqual(
      [a.phones[0], b.phones[0]].map((p) => [p.id, "SMS_DISABLED", "SMS_ENABLED", "OPT_IN_KEYWORD", row.id]).sort(),
    );
    expect(await queuedNotifications(w.db, row.id)).toBe(0);
  });

  it("HELP is recorded, changes nothing and notifies nobody; we text nothing back", async () => {
    const w = await world();
    const s = await student(w, { phones: [{}] });
    const params = text(s.phones[0].number, w.held.number, "help", { OptOutType: "HELP" });
    const res = await post(params);
    expect(await res.text()).toBe("<Response></Response>");
    const [row] = await inbound(params.MessageSid);
    expect(row.decisionDetail).toBe("HELP");
    expect(await statuses(s.id)).toEqual(["SMS_DEFAULT"]);
    expect(await queuedNotifications(w.db, row.id)).toBe(0);
    const [event] = await w.db.select().from(messageEvents).where(eq(messageEvents.messageId, row.id));
    expect(event.detail).toMatchObject({ keyword: "HELP", optOutType: "HELP", initiation: false, changedPhoneIds: [] });
  });

  it("initiation: the number's SMS_DEFAULT records become enabled, its SMS_DISABLED ones and other numbers stay", async () => {
    const w = await world();
    const number = uniquePhoneNumber();
    const s = await student(w, { phones: [{ number }, { number, type: "HOME", smsStatus: "SMS_DISABLED" }, { type: "WORK" }] });
    const params = text(number, w.held.number, "Hi, I have a question about financial aid");
    await post(params);
    const [row] = await inbound(params.MessageSid);
    expect(row.decisionDetail).toBe("INITIATION");
    expect(await statuses(s.id)).toEqual(["SMS_ENABLED", "SMS_DISABLED", "SMS_DEFAULT"]);
    const history = await historyOf(s.phones.map((p) => p.id));
    expect(history.map((h) => [h.phoneId, h.oldValue, h.newValue, h.actorType, h.reason, h.messageId])).toEqual([
      [s.phones[0].id, "SMS_DEFAULT", "SMS_ENABLED", "SYSTEM", "INITIATION", row.id],
    ]);
    expect(await queuedNotifications(w.db, row.id)).toBe(1);
  });

  it("a second text is no longer an initiation, and a reply to our text never was", async () => {
    const w = await world();
    const first = await student(w, { phones: [{}] });
    await post(text(first.phones[0].number, w.held.number, "Hello"));
    await w.db.update(personPhones).set({ smsStatus: "SMS_DEFAULT" }).where(eq(personPhones.id, first.phones[0].id));
    const second = text(first.phones[0].number, w.held.number, "Hello again");
    await post(second);
    expect(await statuses(first.id)).toEqual(["SMS_DEFAULT"]);
    expect((await inbound(second.MessageSid))[0].decisionDetail).toBeNull();

    const replier = await student(w, { phones: [{}] });
    await textedBefore(w, replier.id, replier.phones[0].number);
    await post(text(replier.phones[0].number, w.held.number, "Got it"));
    expect(await statuses(replier.id)).toEqual(["SMS_DEFAULT"]);
    expect(await historyOf([replier.phones[0].id])).toEqual([]);
  });

  it("another institution's person with the same number is neither matched nor changed", async () => {
    const w = await world();
    const number = uniquePhoneNumber();
    const mine = await student(w, { phones: [{ number, smsStatus: "SMS_ENABLED" }] });
    const other = await createInstitution(w.db);
    const theirs = await createPerson(w.db, other, { phones: [{ number, smsStatus: "SMS_ENABLED" }] });
    const params = text(number, w.held.number, "STOP");
    await post(params);
    expect((await inbound(params.MessageSid))[0].fromPersonId).toBe(mine.id);
    expect(await statuses(mine.id)).toEqual(["SMS_DISABLED"]);
    expect(await statuses(theirs.id)).toEqual(["SMS_ENABLED"]);
  });

  it("system numbers are never matched as a sender's phone", async () => {
    const w = await world();
    const colleague = await holderOf(w.inst);
    const params = text(colleague.held.number, w.held.number, "Testing between our numbers");
    await post(params);
    const [row] = await inbound(params.MessageSid);
    expect(row.fromPersonId).toBeNull();
    expect(await historyOf([colleague.held.personPhoneId])).toEqual([]);
  });
});
