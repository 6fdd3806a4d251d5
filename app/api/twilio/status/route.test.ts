import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber, type PhoneInput } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { messageEvents, messages, personPhones, phoneHistory, type PersonPhone } from "@/db/schema";
import { getTwilioClient } from "@/lib/twilio/client";
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
  it("a callback without m= for an unknown sid is answered 200 and changes nothing (no parking)", async () => {
    const w = await world();
    const sid = newSid();
    const before = await snapshotWrites(w.db);
    for (let i = 0; i < 2; i++) {
      const res = await post(callback(sid, "sent", {}, w.held.number));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("<Response></Response>");
    }
    expect(await snapshotWrites(w.db)).toEqual(before);
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

/** A text a worker has claimed (attempt `attempts`) and is handing to Twilio: `sending`, no sid yet. */
async function inFlight(w: World, attempts = 1) {
  const text = await handedOver(w, { sid: null });
  await w.db.update(messages).set({ status: "sending", attempts, claimedAt: new Date() }).where(eq(messages.id, text.id));
  return text;
}

/** The callback Twilio posts for `text` to the URL the dispatcher gave it (`?m=<id>&a=<attempt>`), signed over that URL. */
async function postFor(text: { id: number; fromAddress: string | null; toAddress: string | null }, sid: string, status: string, opts: { m?: number; a?: number; extra?: Record<string, string>; accountSid?: string } = {}) {
  const query = `?m=${opts.m ?? text.id}&a=${opts.a ?? 1}`;
  const params = { ...callback(sid, status, opts.extra, text.fromAddress!), To: text.toAddress!, AccountSid: opts.accountSid ?? getTwilioClient().accountSid };
  return POST(twilioRequest(`${PATH}${query}`, params));
}

describe("POST /api/twilio/status: the message id and attempt in the URL", () => {
  it("a callback arriving before the sid is recorded is applied at once, and records the sid", async () => {
    const w = await world();
    const text = await inFlight(w);
    const sid = newSid();
    expect((await postFor(text, sid, "sent")).status).toBe(200);
    let row = await message(text.id);
    expect([row.status, row.providerId]).toEqual(["sent", sid]);
    expect(row.sentAt).toBeInstanceOf(Date);
    expect((await postFor(text, sid, "delivered")).status).toBe(200);
    row = await message(text.id);
    expect([row.status, row.providerId]).toEqual(["delivered", sid]);
    expect((await events(text.id)).map((e) => [e.status, e.source, e.eventKey])).toEqual([
      ["sent", "TWILIO", `${sid}:sent`],
      ["delivered", "TWILIO", `${sid}:delivered`],
    ]);
  });

  it("a failure arriving before the sid is recorded applies the failure table at once, with one email", async () => {
    const w = await world();
    const text = await inFlight(w);
    const sid = newSid();
    for (let i = 0; i < 2; i++) expect((await postFor(text, sid, "undelivered", { extra: { ErrorCode: "30005" } })).status).toBe(200);
    const row = await message(text.id);
    expect([row.status, row.reasonCode, row.providerId]).toEqual(["undelivered", "TWILIO_UNKNOWN_DESTINATION_HANDSET", sid]);
    expect((await phones(w.student.id)).map((p) => p.smsStatus)).toEqual(["SMS_DISABLED", "SMS_DEFAULT", "SMS_DEFAULT"]);
    expect((await fallbacks(text.id)).length).toBe(1);
  });

  it("with the sid recorded, a callback by m= is applied as one by sid", async () => {
    const w = await world();
    const text = await handedOver(w);
    expect((await postFor(text, text.sid, "delivered", { a: 3 })).status).toBe(200);
    expect((await message(text.id)).status).toBe("delivered");
  });

  it("a forged m= naming another institution's text changes nothing", async () => {
    const w = await world();
    const other = await world();
    const theirs = await inFlight(other);
    const mine = await handedOver(w);
    const before = await snapshotWrites(w.db);
    // Signed over the URL (as only Twilio can), the form about the first institution's text, m= naming the other's.
    for (const [sid, status] of [[newSid(), "sent"], [newSid(), "undelivered"], [mine.sid, "delivered"]] as const) {
      const res = await postFor(mine, sid, status, { m: theirs.id, extra: { ErrorCode: "21610" } });
      expect(res.status).toBe(200);
    }
    expect(await snapshotWrites(w.db)).toEqual(before);
    expect((await message(theirs.id)).status).toBe("sending");
    expect((await message(mine.id)).status).toBe("queued");
  });

  it("a mismatched sid, account, route or an older attempt changes nothing", async () => {
    const w = await world();
    const recorded = await handedOver(w);
    const pending = await inFlight(w, 2);
    const before = await snapshotWrites(w.db);
    const answers = [
      // The text has another sid recorded.
      await postFor(recorded, newSid(), "undelivered", { extra: { ErrorCode: "21610" } }),
      // Another account.
      await postFor(pending, newSid(), "sent", { a: 2, accountSid: "AC11111111111111111111111111111111" }),
      // Another recipient (To) than the text's.
      await POST(twilioRequest(`${PATH}?m=${pending.id}&a=2`, { ...callback(newSid(), "sent", {}, pending.fromAddress!), To: uniquePhoneNumber(), AccountSid: getTwilioClient().accountSid })),
      // Attempt 1's send while attempt 2's claim holds the text: attempt 2 may send again.
      await postFor(pending, newSid(), "delivered", { a: 1 }),
      // A message id that does not exist.
      await postFor(pending, newSid(), "sent", { m: 2 ** 40, a: 2 }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await snapshotWrites(w.db)).toEqual(before);
  });

  it("a malformed m= or a= → 400, and no row changes", async () => {
    const w = await world();
    const text = await inFlight(w);
    const before = await snapshotWrites(w.db);
    for (const query of ["?m=abc&a=1", "?m=1", "?a=1", `?m=${text.id}&a=0`]) {
      const params = { ...callback(newSid(), "sent", {}, text.fromAddress!), To: text.toAddress!, AccountSid: getTwilioClient().accountSid };
      expect((await POST(twilioRequest(`${PATH}${query}`, params))).status).toBe(400);
    }
    expect(await snapshotWrites(w.db)).toEqual(before);
  });
});
