import { setTimeout as sleep } from "node:timers/promises";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber } from "@/db/factories";
import { messageEvents, messages, personPhones, simTwilioMessages, webhookReceipts } from "@/db/schema";
import { dispatchSms } from "@/lib/messaging/dispatch/dispatch-sms";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { createTwilioClient } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import { setFault } from "@/lib/twilio/simulator/control";
import { simulateInbound } from "@/lib/twilio/simulator/simulate-inbound";
import type { FormPoster } from "@/lib/twilio/simulator/signed-post";
import { getTwilioAuthToken } from "@/lib/twilio/client";
import { PUBLIC_BASE_URL, REQUEST_ORIGIN, usePublicBaseUrl } from "@/test/twilio-webhooks";
import twilioSdk from "twilio";
import { POST as inboundPost } from "./inbound/route";
import { POST as statusPost } from "./status/route";
import { providerContext } from "@/lib/service-context";

beforeAll(usePublicBaseUrl);

/** The simulated Twilio's webhook deliveries, handed to the route handlers as `next start` would see them. */
const toRoutes: FormPoster = async ({ url, params, headers }) => {
  const { pathname, search } = new URL(url);
  const handler = pathname === "/api/twilio/status" ? statusPost : pathname === "/api/twilio/inbound" ? inboundPost : null;
  if (!handler) return 404;
  const res = await handler(new Request(`${REQUEST_ORIGIN}${pathname}${search}`, { method: "POST", headers, body: new URLSearchParams(params) }));
  return res.status;
};

function signedHeaders(url: string, params: Record<string, string>) {
  return { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSdk.getExpectedTwilioSignature(getTwilioAuthToken(), url, params) };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(50);
  }
  throw new Error("timed out waiting for the simulated Twilio");
}

describe("webhooks driven by the simulated Twilio (same signing, same parameters)", () => {
  it("status callbacks end each text delivered or in the failure table; a STOP and a START from a handset apply at once", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const reachable = await createPerson(db, inst, { phones: [{ number: uniquePhoneNumber(), smsStatus: "SMS_ENABLED" }, { type: "HOME" }] });
    const unknownHandset = await createPerson(db, inst, { phones: [{ number: "+15005550005", smsStatus: "SMS_ENABLED" }, { type: "HOME", smsStatus: "SMS_ENABLED" }] });

    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: [reachable.id, unknownHandset.id], body: "Advising week starts Monday." } });
    const ids = sent.results.map((r) => r.messageId!);
    const simulator = { db, callbackDelaysMs: [0, 0] as const, publicBaseUrl: PUBLIC_BASE_URL, postForm: toRoutes };
    const twilio = createTwilioClient({ transport: inProcessTransport((req) => handleSimulatorRequest(req, simulator)) });
    const outcome = await dispatchSms({ ctx: providerContext(db, "worker"), messageIds: ids, twilio, statusCallbackUrl: `${PUBLIC_BASE_URL}/api/twilio/status` });
    expect(outcome.handedOver).toBe(2);

    const final = await until(
      () => db.select().from(messages).where(inArray(messages.id, ids)).orderBy(asc(messages.id)),
      (rows) => rows.every((r) => r.status === "delivered" || r.status === "undelivered"),
    );
    const byPerson = new Map(final.map((m) => [m.toPersonId, m]));
    const ok = byPerson.get(reachable.id)!;
    const bad = byPerson.get(unknownHandset.id)!;
    expect([ok.status, ok.reasonCode]).toEqual(["delivered", null]);
    expect([bad.status, bad.errorCode, bad.reasonCode]).toEqual(["undelivered", 30005, "TWILIO_UNKNOWN_DESTINATION_HANDSET"]);
    const okEvents = await db.select().from(messageEvents).where(eq(messageEvents.messageId, ok.id)).orderBy(asc(messageEvents.id));
    // Each status once. Their arrival order is Twilio's (a callback may overtake the record of
    // the sid, and is applied at once by the message id in its URL); the status itself only
    // moved forward (checked above).
    expect(okEvents.map((e) => e.eventKey).sort()).toEqual([`${ok.providerId}:delivered`, `${ok.providerId}:queued`, `${ok.providerId}:sent`]);
    const badPhones = await db.select().from(personPhones).where(eq(personPhones.personId, unknownHandset.id)).orderBy(asc(personPhones.createdAt), asc(personPhones.id));
    expect(badPhones.map((p) => p.smsStatus)).toEqual(["SMS_DISABLED", "SMS_ENABLED"]);
    expect((await db.select().from(messages).where(eq(messages.fallbackForMessageId, bad.id))).map((m) => m.channel)).toEqual(["EMAIL"]);
    // Nothing was parked: every callback found its text by the message id in its URL.
    expect(await db.select().from(webhookReceipts).where(eq(webhookReceipts.institutionId, inst.id))).toEqual([]);

    const number = reachable.phones[0].number;
    const to = sent.senderNumber!;
    const stop = await simulateInbound(db, { from: number, to, body: "STOP", optOutType: "STOP" }, { postForm: toRoutes, publicBaseUrl: PUBLIC_BASE_URL });
    expect(stop.webhookStatus).toBe(200);
    const statuses = async () =>
      (await db.select().from(personPhones).where(eq(personPhones.personId, reachable.id)).orderBy(asc(personPhones.createdAt), asc(personPhones.id))).map((p) => p.smsStatus);
    expect(await statuses()).toEqual(["SMS_DISABLED", "SMS_DISABLED"]);
    const start = await simulateInbound(db, { from: number, to, body: "START", optOutType: "START" }, { postForm: toRoutes, publicBaseUrl: PUBLIC_BASE_URL });
    expect(start.webhookStatus).toBe(200);
    expect(await statuses()).toEqual(["SMS_ENABLED", "SMS_DISABLED"]);
    const [reply] = await db.select().from(messages).where(and(eq(messages.providerId, start.sid), eq(messages.direction, "INBOUND")));
    expect([reply.fromPersonId, reply.toPersonId, reply.conversationId]).toEqual([reachable.id, sender.id, ok.conversationId]);
  });

  it("callbacks that overtake the dispatcher's record of the sid are applied at once, by the message id in their URL", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const recipient = await createPerson(db, inst, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: [recipient.id], body: "Reminder: forms due Friday." } });
    const id = sent.results[0].messageId!;

    const outcomes: number[] = [];
    const simulator = {
      db,
      callbackDelaysMs: [0, 0] as const,
      publicBaseUrl: PUBLIC_BASE_URL,
      postForm: async (post: Parameters<FormPoster>[0]) => {
        const status = await toRoutes(post);
        outcomes.push(status);
        return status;
      },
    };
    const answer = inProcessTransport((req) => handleSimulatorRequest(req, simulator));
    // Twilio's answer to the send reaches the dispatcher only after both callbacks have come.
    const slowAnswer: typeof answer = async (opts) => {
      const response = await answer(opts);
      if (opts.method.toUpperCase() === "POST") await until(async () => outcomes.length, (n) => n >= 2);
      return response;
    };
    const twilio = createTwilioClient({ transport: slowAnswer });
    await dispatchSms({ ctx: providerContext(db, "worker"), messageIds: [id], twilio, statusCallbackUrl: `${PUBLIC_BASE_URL}/api/twilio/status` });

    expect(outcomes).toEqual([200, 200]);
    const [text] = await db.select().from(messages).where(eq(messages.id, id));
    expect(text.status).toBe("delivered");
    const [simulated] = await db.select().from(simTwilioMessages).where(eq(simTwilioMessages.sid, text.providerId!));
    expect(simulated.statusCallback).toBe(`${PUBLIC_BASE_URL}/api/twilio/status?m=${id}&a=1`);
    // Applied on arrival (before the dispatcher recorded the sid and its queued event).
    const keys = (await db.select().from(messageEvents).where(eq(messageEvents.messageId, id)).orderBy(asc(messageEvents.id))).map((e) => e.eventKey);
    expect(keys).toEqual([`${text.providerId}:sent`, `${text.providerId}:delivered`, `${text.providerId}:queued`]);
    expect(await db.select().from(webhookReceipts).where(eq(webhookReceipts.institutionId, inst.id))).toEqual([]);
  });

  it("a text Twilio answered 429 is scheduled again under its numeric id, and one it took is recorded by its own claim", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const recipients = await Promise.all([0, 1].map(() => createPerson(db, inst, { phones: [{ smsStatus: "SMS_ENABLED" }] })));
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: recipients.map((r) => r.id), body: "Office hours moved." } });
    const [first, second] = sent.results.map((r) => r.messageId!);
    const simulator = { db, callbackDelaysMs: [60_000, 60_000] as const, publicBaseUrl: PUBLIC_BASE_URL, postForm: toRoutes };
    const twilio = createTwilioClient({ transport: inProcessTransport((req) => handleSimulatorRequest(req, simulator)) });
    const deps = () => ({ ctx: providerContext(db, "worker"), twilio, statusCallbackUrl: `${PUBLIC_BASE_URL}/api/twilio/status` });

    await setFault(db, "429", 1);
    try {
      const throttled = await dispatchSms({ ...deps(), messageIds: [first] });
      expect([throttled.handedOver, throttled.failed, [...throttled.retryAt.keys()]]).toEqual([0, 0, [first]]);
    } finally {
      await setFault(db, "none", 0);
    }
    const taken = await dispatchSms({ ...deps(), messageIds: [second] });
    expect([taken.handedOver, taken.failed, taken.retryAt.size]).toEqual([1, 0, 0]);
    const [text] = await db.select().from(messages).where(eq(messages.id, second));
    expect([text.status, text.providerId?.startsWith("SM")]).toEqual(["queued", true]);
  });

  it("a worker that dies after Twilio took the text, whose sid a callback then recorded: the next claim adopts that sid, never sends again", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const recipient = await createPerson(db, inst, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    const sent = await sendMessages({ ctx: { db, actor, now: new Date() }, input: { recipientIds: [recipient.id], body: "Advising hold lifted." } });
    const id = sent.results[0].messageId!;
    const simulator = { db, callbackDelaysMs: [60_000, 60_000] as const, publicBaseUrl: PUBLIC_BASE_URL, postForm: toRoutes };
    const answer = inProcessTransport((req) => handleSimulatorRequest(req, simulator));
    let clock = Date.now();
    const deps = (transport: typeof answer) => ({
      ctx: providerContext(db, "worker", new Date(clock)),
      twilio: createTwilioClient({ transport }),
      statusCallbackUrl: `${PUBLIC_BASE_URL}/api/twilio/status`,
    });

    // Twilio takes the text; the worker dies before it hears back.
    const dying: typeof answer = async (opts) => {
      const response = await answer(opts);
      return opts.method.toUpperCase() === "POST" ? new Promise(() => {}) : response;
    };
    void dispatchSms({ ...deps(dying), messageIds: [id] });
    const [taken] = await until(
      () => db.select().from(simTwilioMessages).where(eq(simTwilioMessages.toNumber, recipient.phones[0].number)),
      (rows) => rows.length === 1,
    );
    // Twilio's `sending` callback arrives: found by the id in its URL, it records the sid; the status stays `sending`.
    const params = { AccountSid: taken.accountSid, From: taken.fromNumber, To: taken.toNumber, MessageSid: taken.sid, MessageStatus: "sending", SmsSid: taken.sid, SmsStatus: "sending" };
    expect(await toRoutes({ url: taken.statusCallback!, params, headers: signedHeaders(taken.statusCallback!, params) })).toBe(200);
    let [text] = await db.select().from(messages).where(eq(messages.id, id));
    expect([text.status, text.providerId, text.attempts]).toEqual(["sending", taken.sid, 1]);

    // The claim goes stale; the next worker looks the text up, adopts its own sid, sends nothing.
    clock += 60_000;
    const outcome = await dispatchSms({ ...deps(answer), messageIds: [id] });
    expect(outcome.handedOver).toBe(1);
    [text] = await db.select().from(messages).where(eq(messages.id, id));
    expect([text.providerId, text.attempts, text.claimedAt]).toEqual([taken.sid, 2, null]);
    expect((await db.select().from(simTwilioMessages).where(eq(simTwilioMessages.toNumber, recipient.phones[0].number))).length).toBe(1);
  });
});

