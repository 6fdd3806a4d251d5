import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, createSystemNumbers, type FactoryPerson } from "@/db/factories";
import { markTextDelivered, messageOfSendTo, senderNumberOfSend } from "@/db/testing/messages";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import { receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { applyTwilioFailure } from "@/lib/messaging/lifecycle/apply-twilio-failure";
import { providerContext } from "@/lib/service-context";
import { newSid } from "@/test/twilio-webhooks";
import * as messagesRoute from "../../../messages/route";
import * as resultsRoute from "./route";

/*
 * GET /api/v1/sends/{sendId}/results (issue 18 item 5): the sender's and the administrators'
 * figures with exact numbers and a page of recipients; another staff member, another
 * institution and a send that does not exist are 404; a bad cursor is 400.
 */

let f: ApiFixture;
let sendId: string;
let replier: FactoryPerson;

const get = (role: ApiRole, id: string, query = "") => callRoute(resultsRoute.GET, { key: f.keys[role], path: `/api/v1/sends/${id}/results${query}`, params: { sendId: id } });

beforeAll(async () => {
  const db = getDb();
  f = await createApiFixture(db);
  await createSystemNumbers(db, f.north, 2);
  const phone = (number: string) => [{ number, smsStatus: "SMS_ENABLED" as const }];
  replier = await createPerson(db, f.north, { lastName: "Replier", phones: phone("+13125550131") });
  const filtered = await createPerson(db, f.north, { lastName: "Filtered", phones: phone("+13125550132") });
  const emailOnly = await createPerson(db, f.north, { lastName: "Mailed" });
  const start = new Date(Date.now() - 3_600_000);
  const res = await callRoute(messagesRoute.POST, {
    key: f.keys.advisor,
    method: "POST",
    path: "/api/v1/messages",
    body: { recipientIds: [f.people.student.id, replier.id, filtered.id, emailOnly.id], body: "Advising week starts Monday." },
  });
  expect(res.status).toBe(202);
  sendId = res.body.batchId;
  await markTextDelivered(db, await messageOfSendTo(db, sendId, replier.id), new Date(start.getTime() + 60_000));
  await markTextDelivered(db, await messageOfSendTo(db, sendId, f.people.student.id), new Date(start.getTime() + 60_000));
  await applyTwilioFailure(db, { messageId: await messageOfSendTo(db, sendId, filtered.id), errorCode: 30007, status: "undelivered", source: "TWILIO", now: new Date() });
  const to = await senderNumberOfSend(db, sendId);
  await receiveInbound(providerContext(db, "twilio", new Date()), { MessageSid: newSid(), From: "+13125550131", To: to, Body: "See you then" });
});

describe("GET /api/v1/sends/{sendId}/results", () => {
  it("answers the sender with the exact figures and the first page of recipients", async () => {
    const res = await get("advisor", sendId, "?limit=2");
    expect(res.status).toBe(200);
    expect(res.body.send).toMatchObject({ id: sendId, state: "done", recipientCount: 4, progress: { waiting: 1, held: 0, sent: 2, delivered: 2, failed: 1 } });
    expect(res.body.texts).toEqual({ total: 3, delivered: 2, deliveredPercent: 66.7, failed: 1, inFlight: 0, held: 0 });
    expect(res.body.failedByReason).toEqual([{ reasonCode: "TWILIO_ERROR_30007", label: "Message filtered as spam (Twilio 30007)", count: 1 }]);
    expect(res.body.replies).toEqual({ within24h: 1, percent: 33.3 });
    expect(res.body.optOuts).toEqual({ count: 0, percent: 0 });
    expect(res.body.firstAnswer).toEqual({ answered: 0, medianSeconds: null });
    expect(res.body.emails).toEqual({ total: 1, sent: 0, failed: 0, inPlaceOfFailedTexts: 1 });
    expect(res.body.followUp).toEqual({ replied: 1, notReplied: 2 });
    expect(res.body.recipients.items).toHaveLength(2);
    expect(res.body.recipients.items[1]).toMatchObject({ personId: replier.id, channel: "SMS", status: "delivered", repliedAt: expect.any(String), optedOutAt: null });
    const next = await get("advisor", sendId, `?limit=2&cursor=${res.body.recipients.nextCursor}`);
    expect(next.body.recipients.items.map((r: { status: string; reasonCode: string | null }) => [r.status, r.reasonCode])).toEqual([
      ["undelivered", "TWILIO_ERROR_30007"],
      ["pending", "NO_SMS_NUMBER"],
    ]);
    expect(next.body.recipients.nextCursor).toBeNull();
  });

  it("answers an administrator of the institution; 404 for another staff member, another institution, and no such send", async () => {
    expect((await get("admin", sendId)).body.texts.total).toBe(3);
    for (const role of ["faculty", "lakesideAdmin"] as const) {
      const res = await get(role, sendId);
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: "NOT_FOUND", message: "No such send." });
    }
    expect((await get("advisor", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get("advisor", "not-a-send")).status).toBe(404);
    expect((await get("student", sendId)).status).toBe(404);
  });

  it("refuses a bad page with 400", async () => {
    expect((await get("advisor", sendId, "?cursor=nonsense")).status).toBe(400);
    expect((await get("advisor", sendId, "?limit=500")).status).toBe(400);
  });
});
