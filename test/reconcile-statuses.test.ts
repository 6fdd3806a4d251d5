import { setTimeout as sleep } from "node:timers/promises";
import { asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniquePhoneNumber } from "@/db/factories";
import { messageEvents, messages, personPhones, simTwilioMessages } from "@/db/schema";
import { createTwilioClient, type TwilioTransport } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import type { FormPoster } from "@/lib/twilio/simulator/signed-post";
import { PUBLIC_BASE_URL, REQUEST_ORIGIN, twilioRequest, usePublicBaseUrl } from "@/test/twilio-webhooks";
import { POST as statusPost } from "@/app/api/twilio/status/route";
import { dispatchSms } from "@/lib/messaging/dispatch/dispatch-sms";
import { reconcileStatuses } from "@/lib/messaging/lifecycle/reconcile-statuses";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { providerContext } from "@/lib/service-context";

beforeAll(usePublicBaseUrl);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const AGES = { afterMs: 10 * MINUTE, giveUpMs: 72 * HOUR };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(25);
  }
  throw new Error("timed out waiting for the simulated Twilio");
}

describe("status reconciliation (SPEC §5): texts whose callbacks were lost are looked up at Twilio", () => {
  it("ends them delivered or in the failure table, once, from RECONCILIATION; leaves alone what its callback settled; gives up after 72 h", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    await createSystemNumbers(db, inst, 1);
    const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const ok = await createPerson(db, inst, { phones: [{ number: uniquePhoneNumber(), smsStatus: "SMS_ENABLED" }] });
    const bad = await createPerson(db, inst, { phones: [{ number: "+15005550005", smsStatus: "SMS_ENABLED" }, { type: "HOME", smsStatus: "SMS_ENABLED" }] });
    const called = await createPerson(db, inst, { phones: [{ number: uniquePhoneNumber(), smsStatus: "SMS_ENABLED" }] });
    const stuck = await createPerson(db, inst, { phones: [{ number: uniquePhoneNumber(), smsStatus: "SMS_ENABLED" }] });

    const sent = await sendMessages({
      ctx: { db, actor, now: new Date() },
      input: { recipientIds: [ok.id, bad.id, called.id, stuck.id], body: "Your FAFSA form is missing a signature." },
    });
    const idOf = new Map(sent.results.map((r) => [r.recipientId, r.messageId!]));
    const [okId, badId, calledId, stuckId] = [ok, bad, called, stuck].map((p) => idOf.get(p.id)!);

    // Every callback is refused (the app overloaded), except those of `called`'s text.
    const postForm: FormPoster = async ({ url, params, headers }) => {
      const { pathname, search } = new URL(url);
      if (new URLSearchParams(search).get("m") !== String(calledId)) return 503;
      return (await statusPost(new Request(`${REQUEST_ORIGIN}${pathname}${search}`, { method: "POST", headers, body: new URLSearchParams(params) }))).status;
    };
    const simulator = { db, callbackDelaysMs: [0, 0] as const, publicBaseUrl: PUBLIC_BASE_URL, postForm };
    const lookups: string[] = [];
    const answer = inProcessTransport((req) => handleSimulatorRequest(req, simulator));
    const counting: TwilioTransport = async (opts) => {
      const sid = /\/Messages\/(SM[0-9a-f]{32})\.json$/.exec(new URL(opts.uri).pathname)?.[1];
      if (sid && opts.method.toUpperCase() === "GET") lookups.push(sid);
      return answer(opts);
    };
    const twilio = createTwilioClient({ transport: counting });
    const dispatch = { ctx: providerContext(db, "worker"), twilio, statusCallbackUrl: `${PUBLIC_BASE_URL}/api/twilio/status` };
    expect((await dispatchSms({ ...dispatch, messageIds: [okId, badId, calledId] })).handedOver).toBe(3);
    // Twilio keeps `stuck`'s text queued (its callbacks never start).
    const held = createTwilioClient({ transport: inProcessTransport((req) => handleSimulatorRequest(req, { ...simulator, callbacksReleased: new Promise(() => {}) })) });
    expect((await dispatchSms({ ...dispatch, twilio: held, messageIds: [stuckId] })).handedOver).toBe(1);

    const rows = async () => new Map((await db.select().from(messages).where(inArray(messages.id, [okId, badId, calledId, stuckId]))).map((m) => [m.id, m]));
    const before = await rows();
    const sidOf = (id: number) => before.get(id)!.providerId!;
    await until(
      () => db.select({ status: simTwilioMessages.status }).from(simTwilioMessages).where(inArray(simTwilioMessages.sid, [okId, badId, calledId].map(sidOf))),
      (sims) => sims.length === 3 && sims.every((s) => s.status === "delivered" || s.status === "undelivered"),
    );
    await until(rows, (m) => m.get(calledId)!.status === "delivered");
    const events = (id: number) => db.select().from(messageEvents).where(eq(messageEvents.messageId, id)).orderBy(asc(messageEvents.id));
    const calledBefore = { row: (await rows()).get(calledId)!, events: await events(calledId) };
    // The refused callbacks left the others where the dispatcher put them.
    expect([okId, badId, stuckId].map((id) => before.get(id)!.status)).toEqual(["queued", "queued", "queued"]);

    const base = Date.now();
    const run = (afterBase: number) => reconcileStatuses({ ctx: providerContext(db, "worker", new Date(base + afterBase)), twilio, ...AGES });

    // Nine minutes on: too early to look anything up.
    expect((await run(9 * MINUTE)).checked).toBe(0);
    expect(lookups).toEqual([]);

    // Eleven minutes on, two workers at once: each text looked up once, by one of them.
    const [a, b] = await Promise.all([run(11 * MINUTE), run(11 * MINUTE)]);
    expect(a.checked + b.checked).toBe(3);
    expect(a.changed + b.changed).toBe(2);
    expect([...lookups].sort()).toEqual([okId, badId, stuckId].map(sidOf).sort());

    const after = await rows();
    const okRow = after.get(okId)!;
    expect([okRow.status, okRow.deliveredAt instanceof Date]).toEqual(["delivered", true]);
    expect((await events(okId)).map((e) => [e.status, e.source, e.eventKey])).toEqual([
      ["queued", "TWILIO", `${sidOf(okId)}:queued`],
      ["delivered", "RECONCILIATION", `${sidOf(okId)}:delivered`],
    ]);

    const badRow = after.get(badId)!;
    expect([badRow.status, badRow.errorCode, badRow.reasonCode]).toEqual(["undelivered", 30005, "TWILIO_UNKNOWN_DESTINATION_HANDSET"]);
    const badPhones = await db.select().from(personPhones).where(eq(personPhones.personId, bad.id)).orderBy(asc(personPhones.createdAt), asc(personPhones.id));
    expect(badPhones.map((p) => p.smsStatus)).toEqual(["SMS_DISABLED", "SMS_ENABLED"]);
    const fallbacks = () => db.select().from(messages).where(eq(messages.fallbackForMessageId, badId));
    expect((await fallbacks()).map((m) => [m.channel, m.reasonCode])).toEqual([["EMAIL", "TWILIO_UNKNOWN_DESTINATION_HANDSET"]]);
    expect((await events(badId)).at(-1)!.source).toBe("RECONCILIATION");

    // The text its callback settled was neither looked up nor touched.
    expect(lookups).not.toContain(sidOf(calledId));
    expect(after.get(calledId)).toEqual(calledBefore.row);
    expect(await events(calledId)).toEqual(calledBefore.events);
    expect(after.get(stuckId)!.status).toBe("queued");

    // The callbacks arriving late now change nothing: no second email, no second event.
    const sim = new Map((await db.select().from(simTwilioMessages).where(inArray(simTwilioMessages.sid, [okId, badId].map(sidOf)))).map((s) => [s.sid, s]));
    for (const id of [okId, badId]) {
      const s = sim.get(sidOf(id))!;
      const params: Record<string, string> = { AccountSid: s.accountSid, From: s.fromNumber, To: s.toNumber, MessageSid: s.sid, MessageStatus: s.status };
      if (s.errorCode) params.ErrorCode = String(s.errorCode);
      expect((await statusPost(twilioRequest(`/api/twilio/status?m=${id}&a=1`, params))).status).toBe(200);
    }
    expect((await fallbacks()).length).toBe(1);
    expect((await events(okId)).length).toBe(2);
    expect((await events(badId)).length).toBe(2);

    // Nothing twice: within the interval nothing is looked up again; after it, only the text still open.
    expect((await run(11 * MINUTE)).checked).toBe(0);
    expect((await run(20 * MINUTE)).checked).toBe(0);
    expect(await run(22 * MINUTE)).toEqual({ checked: 1, changed: 0, expired: 0, lookupsFailed: 0 });
    expect(lookups.filter((s) => s === sidOf(stuckId))).toHaveLength(2);
    expect(lookups).toHaveLength(4);
    expect((await events(stuckId)).map((e) => e.source)).toEqual(["TWILIO"]);

    // 72 hours without a final status: given up once, recorded, never looked up again.
    const giveUpAt = before.get(stuckId)!.updatedAt.getTime() - base + 72 * HOUR + MINUTE;
    expect(await run(giveUpAt)).toEqual({ checked: 1, changed: 0, expired: 1, lookupsFailed: 0 });
    expect((await run(giveUpAt + 11 * MINUTE)).checked).toBe(0);
    expect((await run(giveUpAt + 24 * HOUR)).checked).toBe(0);
    const stuckEvents = await events(stuckId);
    expect(stuckEvents.map((e) => [e.status, e.source, e.detail])).toEqual([
      ["queued", "TWILIO", null],
      ["queued", "RECONCILIATION", { expired: true, twilioStatus: "queued" }],
    ]);
    expect((await rows()).get(stuckId)!.status).toBe("queued");
  });
});
