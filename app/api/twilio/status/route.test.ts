import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber, type PhoneInput } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { messageEvents, messages, personPhones, phoneHistory, webhookReceipts, type PersonPhone } from "@/db/schema";
import { replayParkedCallbacks } from "@/lib/messaging/apply-status-callback";
import { PUBLIC_BASE_URL, newSid, snapshotWrites, twilioRequest, usePublicBaseUrl } from "@/test/twilio-webhooks";
import { POST } from "./route";

const PATH = "/api/twilio/status";

beforeAll(usePublicBaseUrl);

/** An institution, a staff member holding a system number, and a student with `phones`. */
async function world(phones: PhoneInput[] = [{ smsStatus: "SMS_ENABLED" }, { type: "HOME" }, { type: "WORK", deleted: true }]) {
  const db = getDb();
  const inst = await createInstitution(db);
  await createSystemNumbers(db, inst, 1);
  const staff = await createPerson(db, inst, { kind: "staff" });
  const user = await createUser(db, staff);
  const held = (await assignSystemNumber(db, { institutionId: inst.id, userId: user.id, personId: staff.id, now: new Date() }))!;
  const student = await createPerson(db, inst, { phones });
  return { db, inst, staff, user, held, student };
}
type World = Awaited<ReturnType<typeof world>>;

/** A text handed to Twilio, as the dispatcher leaves it: status queued, the sid recorded. */
async function handedOver(w: World, opts: { phone?: PersonPhone; status?: "queued" | "sent" | "delivered"; sid?: string | null } = {}) {
  const phone = opts.phone ?? w.student.phones[0];
  const sid = opts.sid === undefined ? newSid() : opts.sid;
  const [row] = await w.db
    .insert(messages)
    .values({
      institutionId: w.inst.id,
      channel: "SMS",
      direction: "OUTBOUND",
      fromUserId: w.user.id,
      fromPersonId: w.staff.id,
      toPersonId: w.student.id,
      toPhoneId: phone.id,
      fromAddress: w.held.number,
      toAddress: phone.number,
      systemNumberId: w.held.systemNumberId,
      body: "Your advising appointment is at 3 pm.",
      status: opts.status ?? "queued",
      providerId: sid,
    })
    .returning();
  return { ...row, sid: sid ?? "" };
}

function callback(sid: string, status: string, extra: Record<string, string> = {}, from = "+15005550006") {
  return { AccountSid: "AC00000000000000000000000000000000", ApiVersion: "2010-04-01", From: from, MessageSid: sid, MessageStatus: status, SmsSid: sid, SmsStatus: status, To: "+13125550101", ...extra };
}

async function post(params: Record<string, string>, options?: Parameters<typeof twilioRequest>[2]) {
  return POST(twilioRequest(PATH, params, options));
}

async function message(id: number) {
  const [row] = await getDb().select().from(messages).where(eq(messages.id, id));
  return row;
}

async function events(messageId: number) {
  return getDb().select().from(messageEvents).where(eq(messageEvents.messageId, messageId)).orderBy(asc(messageEvents.id));
}

async function phones(personId: string) {
  return getDb().select().from(personPhones).where(eq(personPhones.personId, personId)).orderBy(asc(personPhones.createdAt), asc(personPhones.id));
}

async function history(phoneId: string) {
  return getDb().select().from(phoneHistory).where(eq(phoneHistory.phoneId, phoneId));
}

async function fallbacks(messageId: number) {
  return getDb().select().from(messages).where(eq(messages.fallbackForMessageId, messageId));
}

describe("POST /api/twilio/status: answers", () => {
  it("answers empty TwiML typed text/xml and moves the text forward", async () => {
    const w = await world();
    const text = await handedOver(w);
    const res = await post(callback(text.sid, "sent"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xml");
    expect(await res.text()).toBe("<Response></Response>");
    const row = await message(text.id);
    expect(row.status).toBe("sent");
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.deliveredAt).toBeNull();
    expect((await events(text.id)).map((e) => [e.status, e.source, e.eventKey])).toEqual([["sent", "TWILIO", `${text.sid}:sent`]]);
  });

  it("a delivered callback stamps delivered_at (and sent_at, when the sent callback has not come)", async () => {
    const w = await world();
    const text = await handedOver(w);
    await post(callback(text.sid, "delivered", { RawDlrDoneDate: "2611251107" }));
    const row = await message(text.id);
    expect(row.status).toBe("delivered");
    expect(row.deliveredAt).toBeInstanceOf(Date);
    expect(row.sentAt).toBeInstanceOf(Date);
  });
});

describe("POST /api/twilio/status: signature", () => {
  const cases = [
    ["forged", { signature: "c2lnbmF0dXJlLWZyb20tbm93aGVyZQ==" }],
    ["missing", { signature: null }],
    ["made for another host (the request's own)", { signedFor: `http://localhost:3000${PATH}` }],
    ["made for another path", { signedFor: `${PUBLIC_BASE_URL}/api/twilio/inbound` }],
  ] as const;

  it.each(cases)("a %s signature → 403, and no row changes", async (_name, options) => {
    const w = await world();
    const text = await handedOver(w);
    const unknownSid = newSid();
    const before = await snapshotWrites(w.db);
    for (const params of [callback(text.sid, "undelivered", { ErrorCode: "21610" }), callback(unknownSid, "sent")]) {
      const res = await post(params, options);
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    }
    expect(await snapshotWrites(w.db)).toEqual(before);
  });

  it("invalid parameters, correctly signed → 400, and no row changes", async () => {
    const w = await world();
    const text = await handedOver(w);
    const before = await snapshotWrites(w.db);
    for (const params of [callback("not-a-sid", "sent"), callback(text.sid, "exploded"), callback(text.sid, "failed", { ErrorCode: "abc" })]) {
      expect((await post(params)).status).toBe(400);
    }
    expect(await snapshotWrites(w.db)).toEqual(before);
  });
});

describe("POST /api/twilio/status: idempotent, forward only", () => {
  it("the same callback three times has one effect", async () => {
    const w = await world();
    const text = await handedOver(w);
    for (let i = 0; i < 3; i++) expect((await post(callback(text.sid, "delivered"))).status).toBe(200);
    expect((await events(text.id)).length).toBe(1);
    expect((await message(text.id)).status).toBe("delivered");
  });

  it("callbacks in shuffled order (sent, delivered, queued, sent) end delivered with every event recorded", async () => {
    const w = await world();
    const text = await handedOver(w, { status: "queued" });
    for (const status of ["sent", "delivered", "queued", "sent"]) expect((await post(callback(text.sid, status))).status).toBe(200);
    const row = await message(text.id);
    expect(row.status).toBe("delivered");
    expect(row.deliveredAt).toBeInstanceOf(Date);
    const recorded = await events(text.id);
    expect(recorded.map((e) => [e.status, e.eventKey])).toEqual([
      ["sent", `${text.sid}:sent`],
      ["delivered", `${text.sid}:delivered`],
      ["queued", `${text.sid}:queued`],
    ]);
    expect(recorded[2].detail).toEqual({ applied: false, messageStatus: "delivered" });
  });

  it("a late sent never overwrites delivered, and keeps its delivered_at", async () => {
    const w = await world();
    const text = await handedOver(w);
    await post(callback(text.sid, "delivered"));
    const delivered = await message(text.id);
    await post(callback(text.sid, "sent"));
    const after = await message(text.id);
    expect(after.status).toBe("delivered");
    expect(after.deliveredAt).toEqual(delivered.deliveredAt);
    expect(after.updatedAt).toEqual(delivered.updatedAt);
  });

  it("a failure after delivered is recorded but changes nothing: no phone change, no email", async () => {
    const w = await world();
    const text = await handedOver(w);
    await post(callback(text.sid, "delivered"));
    await post(callback(text.sid, "undelivered", { ErrorCode: "21610" }));
    expect((await message(text.id)).status).toBe("delivered");
    expect((await phones(w.student.id)).map((p) => p.smsStatus)).toEqual(["SMS_ENABLED", "SMS_DEFAULT", "SMS_DEFAULT"]);
    expect(await fallbacks(text.id)).toEqual([]);
    const last = (await events(text.id)).at(-1)!;
    expect([last.status, last.errorCode, last.reasonCode]).toEqual(["undelivered", 21610, "TWILIO_RECIPIENT_UNSUBSCRIBED"]);
  });
});

describe("POST /api/twilio/status: SPEC §5 failure table", () => {
  it("21610, three times: all the person's current phones disabled once, one email fallback, one event", async () => {
    const w = await world();
    const text = await handedOver(w);
    for (let i = 0; i < 3; i++) expect((await post(callback(text.sid, "undelivered", { ErrorCode: "21610" }))).status).toBe(200);

    const row = await message(text.id);
    expect([row.status, row.errorCode, row.reasonCode]).toEqual(["undelivered", 21610, "TWILIO_RECIPIENT_UNSUBSCRIBED"]);
    const [cell, home, deletedWork] = await phones(w.student.id);
    expect([cell.smsStatus, home.smsStatus, deletedWork.smsStatus]).toEqual(["SMS_DISABLED", "SMS_DISABLED", "SMS_DEFAULT"]);
    for (const phone of [cell, home]) {
      const rows = await history(phone.id);
      expect(rows.map((h) => [h.field, h.oldValue, h.newValue, h.actorType, h.reason, h.messageId])).toEqual([
        ["SMS_STATUS", phone === cell ? "SMS_ENABLED" : "SMS_DEFAULT", "SMS_DISABLED", "SYSTEM", "TWILIO_RECIPIENT_UNSUBSCRIBED", text.id],
      ]);
    }
    expect(await history(deletedWork.id)).toEqual([]);
    const emails = await fallbacks(text.id);
    expect(emails.map((e) => [e.channel, e.direction, e.status, e.reasonCode, e.toAddress, e.body])).toEqual([
      ["EMAIL", "OUTBOUND", "pending", "TWILIO_RECIPIENT_UNSUBSCRIBED", w.student.emails[0], text.body],
    ]);
    const recorded = await events(text.id);
    expect(recorded.map((e) => [e.status, e.errorCode, e.reasonCode, e.eventKey])).toEqual([
      ["undelivered", 21610, "TWILIO_RECIPIENT_UNSUBSCRIBED", `${text.sid}:undelivered`],
    ]);
  });

  it("the same failure callback three times at once still has one effect", async () => {
    const w = await world();
    const text = await handedOver(w);
    const answers = await Promise.all([0, 1, 2].map(() => post(callback(text.sid, "failed", { ErrorCode: "21610" }))));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await fallbacks(text.id)).length).toBe(1);
    expect((await events(text.id)).length).toBe(1);
    for (const phone of w.student.phones.filter((p) => !p.deleted)) expect((await history(phone.id)).length).toBe(1);
  });

  it.each([
    [21211, "TWILIO_INVALID_NUMBER"],
    [21614, "TWILIO_INVALID_NUMBER"],
    [30005, "TWILIO_UNKNOWN_DESTINATION_HANDSET"],
  ])("%i disables that phone record only, and resends by email", async (code, reason) => {
    const w = await world([{ smsStatus: "SMS_ENABLED" }, { type: "HOME", smsStatus: "SMS_ENABLED" }]);
    const [texted, other] = w.student.phones;
    const text = await handedOver(w, { phone: texted });
    await post(callback(text.sid, "undelivered", { ErrorCode: String(code) }));
    expect((await message(text.id)).reasonCode).toBe(reason);
    const after = await phones(w.student.id);
    expect(after.map((p) => [p.id, p.smsStatus])).toEqual([
      [texted.id, "SMS_DISABLED"],
      [other.id, "SMS_ENABLED"],
    ]);
    expect((await history(texted.id)).map((h) => [h.reason, h.messageId])).toEqual([[reason, text.id]]);
    expect(await history(other.id)).toEqual([]);
    expect((await fallbacks(text.id)).map((e) => e.reasonCode)).toEqual([reason]);
  });

  it("30007 is TWILIO_ERROR_30007: resent by email, no phone record changes", async () => {
    const w = await world();
    const text = await handedOver(w);
    await post(callback(text.sid, "failed", { ErrorCode: "30007" }));
    const row = await message(text.id);
    expect([row.status, row.errorCode, row.reasonCode]).toEqual(["failed", 30007, "TWILIO_ERROR_30007"]);
    expect((await phones(w.student.id)).map((p) => p.smsStatus)).toEqual(["SMS_ENABLED", "SMS_DEFAULT", "SMS_DEFAULT"]);
    for (const phone of w.student.phones) expect(await history(phone.id)).toEqual([]);
    expect((await fallbacks(text.id)).map((e) => [e.channel, e.reasonCode])).toEqual([["EMAIL", "TWILIO_ERROR_30007"]]);
  });

  it("a failure without an error code is TWILIO_ERROR_0", async () => {
    const w = await world();
    const text = await handedOver(w);
    await post(callback(text.sid, "failed"));
    expect((await message(text.id)).reasonCode).toBe("TWILIO_ERROR_0");
  });
});

describe("POST /api/twilio/status: sids we do not know (yet)", () => {
  it("a callback for an unknown sid is answered 200 and parked once, under the sending number's institution", async () => {
    const w = await world();
    const sid = newSid();
    for (let i = 0; i < 2; i++) {
      const res = await post(callback(sid, "sent", {}, w.held.number));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("<Response></Response>");
    }
    const parked = await w.db.select().from(webhookReceipts).where(eq(webhookReceipts.idempotencyKey, `${sid}:sent`));
    expect(parked.map((r) => [r.provider, r.kind, r.institutionId])).toEqual([["twilio", "status-unknown", w.inst.id]]);
    expect(parked[0].payload).toMatchObject({ MessageSid: sid, MessageStatus: "sent", From: w.held.number });
  });

  it("callbacks that overtook the dispatcher are replayed in order once the sid is recorded", async () => {
    const w = await world();
    const text = await handedOver(w, { sid: null });
    const sid = newSid();
    await post(callback(sid, "sent", {}, w.held.number));
    await post(callback(sid, "delivered", {}, w.held.number));
    expect((await message(text.id)).status).toBe("queued");

    await w.db.update(messages).set({ providerId: sid }).where(eq(messages.id, text.id));
    expect(await replayParkedCallbacks(w.db, sid, new Date())).toBe(2);
    expect(await replayParkedCallbacks(w.db, sid, new Date())).toBe(0);

    expect((await message(text.id)).status).toBe("delivered");
    expect((await events(text.id)).map((e) => e.status)).toEqual(["sent", "delivered"]);
    const receipts = await w.db
      .select({ kind: webhookReceipts.kind })
      .from(webhookReceipts)
      .where(and(eq(webhookReceipts.provider, "twilio"), sql`${webhookReceipts.idempotencyKey} like ${`${sid}:%`}`));
    expect(receipts.map((r) => r.kind)).toEqual(["status-replayed", "status-replayed"]);
  });

  it("a callback for an inbound text's sid is not applied to it", async () => {
    const w = await world();
    const sid = newSid();
    const [inbound] = await w.db
      .insert(messages)
      .values({ institutionId: w.inst.id, channel: "SMS", direction: "INBOUND", fromAddress: uniquePhoneNumber(), toAddress: w.held.number, body: "hi", status: "received", providerId: sid })
      .returning();
    await post(callback(sid, "delivered"));
    expect((await message(inbound.id)).status).toBe("received");
  });
});
