import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { createPerson, createSystemNumbers, createUser, type FactoryPerson } from "@/db/factories";
import { recordMessageEvents } from "@/db/queries/messages";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import { createApiKey } from "@/lib/auth/api-keys";
import { resetEnvCache } from "@/lib/env";
import * as personRoute from "../persons/[personId]/route";
import * as messageRoute from "./[messageId]/route";
import * as sendRoute from "./route";

let f: ApiFixture;
let emailOnly: FactoryPerson;
let lakeStudent: FactoryPerson;
let pool: string[];

beforeAll(async () => {
  const db = getDb();
  f = await createApiFixture(db);
  pool = (await createSystemNumbers(db, f.north, 2)).map((n) => n.number).sort();
  emailOnly = await createPerson(db, f.north, { emails: ["email.only@example.test"] });
  lakeStudent = await createPerson(db, f.lake, { phones: [{ smsStatus: "SMS_ENABLED" }] });
});

const post = (role: ApiRole | undefined, body: unknown, rawBody?: string) =>
  callRoute(sendRoute.POST, { key: role && f.keys[role], method: "POST", path: "/api/v1/messages", body, rawBody });
const get = (role: ApiRole, messageId: string) => callRoute(messageRoute.GET, { key: f.keys[role], params: { messageId } });

async function stored() {
  const [row] = await getDb().execute<{ messages: number; batches: number }>(sql`
    select (select count(*)::int from messages) as messages, (select count(*)::int from send_batches) as batches`);
  return row;
}

async function rowsOfBatch(batchId: string) {
  return getDb().execute<{ id: string; to_person_id: string; channel: string; status: string; to_address: string | null; reason_code: string | null; body: string }>(sql`
    select id, to_person_id, channel, status, to_address, reason_code, body from messages where batch_id = ${batchId} order by id`);
}

describe("POST /api/v1/messages", () => {
  it("answers 202 with the decision and message id per recipient, collapsing duplicates and naming unknown ids", async () => {
    const student = f.people.student;
    const res = await post("advisor", {
      recipientIds: [student.id, emailOnly.id, student.id, lakeStudent.id, "not-a-person"],
      body: "Registration closes Friday.",
    });
    expect(res.status).toBe(202);
    const rows = await rowsOfBatch(res.body.batchId);
    expect(rows.map((r) => [r.to_person_id, r.channel, r.status, r.to_address, r.reason_code, r.body])).toEqual([
      [student.id, "SMS", "pending", "+13125550101", null, "Registration closes Friday."],
      [emailOnly.id, "EMAIL", "pending", "email.only@example.test", "NO_SMS_NUMBER", "Registration closes Friday."],
    ]);
    expect(res.body).toEqual({
      batchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      refused: null,
      results: [
        { recipientId: student.id, messageId: Number(rows[0].id), outcome: "SMS", channel: "SMS", toAddress: "+13125550101", why: "SMS_DEFAULT_DEFAULT_TYPE", reasonCode: null },
        { recipientId: emailOnly.id, messageId: Number(rows[1].id), outcome: "EMAIL", channel: "EMAIL", toAddress: "email.only@example.test", why: null, reasonCode: "NO_SMS_NUMBER" },
      ],
      unknownRecipientIds: [lakeStudent.id, "not-a-person"],
      summary: { texts: 1, emails: 1, undeliverable: 0, refused: 0 },
      monthly: { used: 1, limit: 300 },
      senderNumber: pool[0],
      state: "done",
      scheduledFor: null,
    });
  });

  it("records a refusal for a sender who is not permitted, and sends nothing", async () => {
    const res = await post("faculty", { recipientIds: [f.people.student.id], body: "Hello" });
    expect(res.status).toBe(202);
    const rows = await rowsOfBatch(res.body.batchId);
    expect(rows.map((r) => [r.channel, r.status, r.reason_code])).toEqual([["SMS", "refused", "SENDER_NOT_PERMITTED"]]);
    expect(res.body).toMatchObject({
      refused: "SENDER_NOT_PERMITTED",
      results: [{ recipientId: f.people.student.id, messageId: Number(rows[0].id), outcome: "REFUSED", channel: null, toAddress: null, reasonCode: "SENDER_NOT_PERMITTED" }],
      summary: { texts: 0, emails: 0, undeliverable: 0, refused: 1 },
      senderNumber: null,
    });
  });

  it("takes 50,000 recipient ids in one request (SPEC §9: ≈ 2 MB of JSON)", async () => {
    const before = await stored();
    const ids = Array.from({ length: 50_000 }, () => randomUUID());
    const res = await post("advisor", { recipientIds: ids, body: "Hello" });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ batchId: null, results: [], summary: { texts: 0, emails: 0, undeliverable: 0, refused: 0 } });
    expect(res.body.unknownRecipientIds).toHaveLength(50_000);
    expect(await stored()).toEqual(before);
  });

  it("stores nothing when every id is unknown", async () => {
    const before = await stored();
    const res = await post("advisor", { recipientIds: [lakeStudent.id], body: "Hello" });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ batchId: null, results: [], unknownRecipientIds: [lakeStudent.id], summary: { texts: 0, emails: 0, undeliverable: 0, refused: 0 } });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ["malformed JSON", undefined, "{", "body"],
    ["an array body", [], undefined, "body"],
    ["no recipientIds", { body: "Hi" }, undefined, "recipientIds"],
    ["no recipients", { recipientIds: [], body: "Hi" }, undefined, "recipientIds"],
    ["recipientIds not a list", { recipientIds: "abc", body: "Hi" }, undefined, "recipientIds"],
    ["a non-string id", { recipientIds: [42], body: "Hi" }, undefined, "recipientIds.0"],
    ["50,001 recipients", { recipientIds: Array.from({ length: 50_001 }, (_, i) => `id-${i}`), body: "Hi" }, undefined, "recipientIds"],
    ["no body", { recipientIds: ["x"] }, undefined, "body"],
    ["a body that is not text", { recipientIds: ["x"], body: 7 }, undefined, "body"],
  ])("answers 400 to %s and stores nothing", async (_what, body, rawBody, field) => {
    const before = await stored();
    const res = await post("advisor", body, rawBody);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION", message: expect.stringContaining(field) });
    expect(Object.keys(res.body.error.fields)).toEqual([field]);
    expect(await stored()).toEqual(before);
  });

  it("answers 401 without a key", async () => {
    const res = await post(undefined, { recipientIds: [f.people.student.id], body: "Hi" });
    expect(res.status).toBe(401);
  });
});

describe("POST /api/v1/messages by someone cut off", () => {
  it("refuses the key of an advisor whose person an administrator deleted, storing nothing", async () => {
    const db = getDb();
    const advisor = await createPerson(db, f.north, { kind: "staff", roles: ["ADVISOR"] });
    const key = (await createApiKey(db, (await createUser(db, advisor)).id))!.key;
    const send = () => callRoute(sendRoute.POST, { key, method: "POST", path: "/api/v1/messages", body: { recipientIds: [f.people.student.id], body: "Hi" } });
    expect((await send()).status).toBe(202);

    const deleted = await callRoute(personRoute.PATCH, { key: f.keys.admin, method: "PATCH", params: { personId: advisor.id }, body: { deleted: true } });
    expect(deleted.status).toBe(200);
    const before = await stored();
    const res = await send();
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
    expect(await stored()).toEqual(before);
  });

  it("refuses the key of a disabled user, storing nothing", async () => {
    const db = getDb();
    const user = await createUser(db, await createPerson(db, f.north, { kind: "staff", roles: ["ADVISOR"] }));
    const key = (await createApiKey(db, user.id))!.key;
    await db.execute(sql`update users set disabled = true where id = ${user.id}`);
    const before = await stored();
    const res = await callRoute(sendRoute.POST, { key, method: "POST", path: "/api/v1/messages", body: { recipientIds: [f.people.student.id], body: "Hi" } });
    expect(res.status).toBe(401);
    expect(await stored()).toEqual(before);
  });
});

describe("POST /api/v1/messages rate limit per key", () => {
  afterEach(() => {
    vi.useRealTimers();
    delete process.env.API_RATE_LIMIT_PER_MINUTE;
    resetEnvCache();
  });

  it("answers the N+1th request of a minute 429 with Retry-After, storing nothing; other keys and the next minute are unaffected", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    resetEnvCache();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-04T10:00:15.200Z"));
    const db = getDb();
    const key = (await createApiKey(db, f.userIds.advisor))!.key;
    const otherKey = (await createApiKey(db, f.userIds.advisor))!.key;
    const send = (k = key) => callRoute(sendRoute.POST, { key: k, method: "POST", path: "/api/v1/messages", body: { recipientIds: [f.people.student.id], body: "Hi" } });
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(202);

    const before = await stored();
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(await stored()).toEqual(before);

    expect((await send(otherKey)).status).toBe(202);
    vi.setSystemTime(new Date("2026-05-04T10:01:00.000Z"));
    expect((await send()).status).toBe(202);
  });
});

describe("GET /api/v1/messages/{messageId}", () => {
  let messageId: number;
  let batchId: string;

  beforeAll(async () => {
    const res = await post("advisor", { recipientIds: [f.people.student.id], body: "Status check" });
    messageId = res.body.results[0].messageId;
    batchId = res.body.batchId;
    const at = (s: string) => new Date(`2026-05-01T12:00:0${s}Z`);
    await recordMessageEvents(getDb(), [
      { institutionId: f.north.id, messageId, status: "queued", source: "APP", occurredAt: at("1") },
      { institutionId: f.north.id, messageId, status: "sent", source: "TWILIO", eventKey: `SMx${messageId}:sent`, occurredAt: at("2") },
      { institutionId: f.north.id, messageId, status: "delivered", source: "TWILIO", eventKey: `SMx${messageId}:delivered`, occurredAt: at("3") },
    ]);
  });

  it("answers the sender with the message and its status history", async () => {
    const res = await get("advisor", String(messageId));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: messageId,
      batchId,
      conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      direction: "OUTBOUND",
      channel: "SMS",
      status: "pending",
      fromPersonId: f.people.advisor.id,
      fromAddress: pool[0],
      toPersonId: f.people.student.id,
      toAddress: "+13125550101",
      body: "Status check",
      template: null,
      reasonCode: null,
      why: "SMS_DEFAULT_DEFAULT_TYPE",
      errorCode: null,
      segments: 1,
      providerId: null,
      fallbackForMessageId: null,
      fallbackMessageId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sentAt: null,
      deliveredAt: null,
      heldUntil: null,
      heldTimeZone: null,
      events: [
        { status: "queued", source: "APP", errorCode: null, reasonCode: null, occurredAt: "2026-05-01T12:00:01.000Z" },
        { status: "sent", source: "TWILIO", errorCode: null, reasonCode: null, occurredAt: "2026-05-01T12:00:02.000Z" },
        { status: "delivered", source: "TWILIO", errorCode: null, reasonCode: null, occurredAt: "2026-05-01T12:00:03.000Z" },
      ],
    });
  });

  it("lets an administrator of the institution read it", async () => {
    const res = await get("admin", String(messageId));
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(messageId);
  });

  it.each([
    ["another institution's administrator", "lakesideAdmin", (): string => String(messageId)],
    ["staff who neither sent it nor own its conversation", "faculty", (): string => String(messageId)],
    ["an id that does not exist", "admin", (): string => "999999999"],
    ["an id that is not a number", "admin", (): string => "abc"],
  ] as const)("answers 404 to %s", async (_what, role, id) => {
    const res = await get(role, id());
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "NOT_FOUND", message: "No such message." } });
  });
});
