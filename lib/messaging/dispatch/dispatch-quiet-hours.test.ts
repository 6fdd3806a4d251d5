import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { findMessagesToRetrigger } from "@/db/queries/messages";
import { messages, persons } from "@/db/schema";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { startResendStandIn } from "@/test/resend-stand-in";
import { loadActor } from "@/lib/auth/load-actor";
import type { Actor } from "@/lib/auth/capabilities";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { providerContext } from "@/lib/service-context";
import { createTwilioClient } from "@/lib/twilio/client";
import { handleSimulatorRequest } from "@/lib/twilio/simulator/handle-request";
import { inProcessTransport } from "@/lib/twilio/simulator/in-process-transport";
import { applyStatusCallback } from "@/lib/messaging/lifecycle/apply-status-callback";
import { simulatorCredentials } from "@/lib/twilio/client";
import { dispatchEmail } from "./dispatch-email";
import { dispatchSms } from "./dispatch-sms";

/*
 * SPEC §9 at the hand-over (issue 16 item 4): a text due inside the recipient's window goes,
 * with a ValidityPeriod of the seconds left; one due outside is held until the next start; a
 * reply to someone who texted in the last hour goes at once; emails are never held. Clocks are
 * injected: 2026-12-07 is a Monday, New York is UTC-5.
 */

const db = getDb();
const at = (iso: string) => new Date(iso);
/** What each create-message request carried, by To. */
const requests: URLSearchParams[] = [];
const twilio = createTwilioClient({
  transport: async (opts) => {
    if (opts.method.toUpperCase() === "POST") requests.push(new URLSearchParams(Object.entries(opts.data as Record<string, string>)));
    return inProcessTransport((req) =>
      handleSimulatorRequest(req, { db, callbackDelaysMs: [60_000, 60_000], publicBaseUrl: "http://localhost", postForm: async () => 200 }),
    )(opts);
  },
});
const dispatch = (ids: number[], now: Date, segmentsPerSecond = 1) =>
  dispatchSms({ ctx: providerContext(db, "worker", now), twilio, statusCallbackUrl: "http://localhost/api/twilio/status", messageIds: ids, segmentsPerSecond });

let inst: FactoryInstitution;
let actor: Actor;

/** An institution with quiet hours on and a sender with a number of their own (nothing queued at Twilio yet). */
async function freshSender() {
  inst = await createInstitution(db, { quietHoursEnabled: true });
  await createSystemNumbers(db, inst, 1);
  const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  actor = (await loadActor(db, (await createUser(db, sender)).id))!;
}

beforeAll(freshSender);

/** A student recorded in New York, NY (the factory's random area code must not narrow the window). */
async function newYorker(options: { phones?: boolean } = {}) {
  const student = await createPerson(db, inst, { phones: options.phones === false ? [] : [{ smsStatus: "SMS_ENABLED" }] });
  await db.update(persons).set({ timeZone: "America/New_York", state: "NY" }).where(eq(persons.id, student.id));
  return student;
}

/** A New Yorker sent one text at `now`. */
async function textToNewYorker(now: Date, options: { phones?: boolean } = {}): Promise<{ student: FactoryPerson; id: number }> {
  const student = await newYorker(options);
  const sent = await sendMessages({ ctx: { db, actor, now }, input: { recipientIds: [student.id], body: "Advising opens tomorrow." } });
  return { student, id: sent.results[0].messageId! };
}

async function row(id: number) {
  const [m] = await db.select().from(messages).where(eq(messages.id, id));
  return m;
}

const lastRequestTo = (to: string) => requests.filter((r) => r.get("To") === to).at(-1);

describe("quiet hours at dispatch (SPEC §9)", () => {
  it("a text due at 20:55 New York time is sent, valid until 21:00", async () => {
    const now = at("2026-12-08T01:55:00Z");
    const { id } = await textToNewYorker(now);
    const outcome = await dispatch([id], now);
    expect(outcome).toMatchObject({ handedOver: 1, held: 0, failed: 0 });
    const m = await row(id);
    expect(m.status).toBe("queued");
    expect(m.heldUntil).toBeNull();
    expect(lastRequestTo(m.toAddress!)?.get("ValidityPeriod")).toBe("300");
  });

  it("a send created at 20:55 Florida time (window 08:00–20:00) holds its text until 08:00 the next morning", async () => {
    const now = at("2026-12-08T01:55:00Z");
    const student = await createPerson(db, inst, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    await db.update(persons).set({ timeZone: "America/New_York", state: "FL" }).where(eq(persons.id, student.id));
    const sent = await sendMessages({ ctx: { db, actor, now }, input: { recipientIds: [student.id], body: "Advising opens tomorrow." } });
    const id = sent.results[0].messageId!;
    const eight = at("2026-12-08T13:00:00Z");
    expect(await dispatch([id], now)).toMatchObject({ handedOver: 0, held: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: "pending", heldUntil: eight, heldTimeZone: "America/New_York", providerId: null });
    expect(requests.filter((r) => r.get("To") === student.phones[0].number)).toHaveLength(0);
  });

  it("a text due at 21:05 is held until 08:00 the next morning, not claimed or swept before, and sent then", async () => {
    const now = at("2026-12-08T02:05:00Z");
    const { id } = await textToNewYorker(now);
    const outcome = await dispatch([id], now);
    const eight = at("2026-12-08T13:00:00Z");
    expect(outcome).toMatchObject({ handedOver: 0, held: 1, failed: 0 });
    expect(outcome.retryAt.get(id)).toEqual(eight);
    const held = await row(id);
    expect(held).toMatchObject({ status: "pending", heldUntil: eight, heldTimeZone: "America/New_York", nextAttemptAt: eight, attempts: 0 });
    expect(requests.filter((r) => r.get("To") === held.toAddress)).toHaveLength(0);

    // A duplicate job at 07:59 claims nothing; the sweep leaves it alone until its time has come.
    expect(await dispatch([id], at("2026-12-08T12:59:00Z"))).toMatchObject({ handedOver: 0, held: 0 });
    const sweepAt = (now: Date) =>
      findMessagesToRetrigger(db, { pendingBefore: new Date(now.getTime() - 20_000), staleBefore: new Date(now.getTime() - 45_000), movedPast: { SMS: null, EMAIL: null }, limit: 10_000 });
    expect((await sweepAt(at("2026-12-08T12:59:00Z"))).map((r) => r.id)).not.toContain(id);
    expect((await sweepAt(at("2026-12-08T13:00:30Z"))).map((r) => r.id)).toContain(id);

    // 08:00: dispatched normally (the window is checked again); 13 hours are left, Twilio's cap is 10.
    expect(await dispatch([id], eight)).toMatchObject({ handedOver: 1, held: 0 });
    const sent = await row(id);
    expect(sent).toMatchObject({ status: "queued", heldUntil: null, heldTimeZone: null, attempts: 1 });
    expect(lastRequestTo(sent.toAddress!)?.get("ValidityPeriod")).toBe("36000");
  });

  it("a reply to a student who texted within 60 minutes goes at once; after 60 minutes it is held", async () => {
    const now = at("2026-12-08T02:05:00Z");
    const inbound = async (student: FactoryPerson, minutesAgo: number) =>
      db.insert(messages).values({
        institutionId: inst.id,
        channel: "SMS",
        direction: "INBOUND",
        status: "received",
        fromPersonId: student.id,
        fromAddress: student.phones[0].number,
        toAddress: "+15005550006",
        body: "Can I come by tomorrow?",
        createdAt: new Date(now.getTime() - minutesAgo * 60_000),
      });
    const recent = await textToNewYorker(now);
    await inbound(recent.student, 59);
    const stale = await textToNewYorker(now);
    await inbound(stale.student, 61);

    const outcome = await dispatch([recent.id, stale.id], now);
    expect(outcome).toMatchObject({ handedOver: 1, held: 1 });
    expect((await row(recent.id)).status).toBe("queued");
    expect(lastRequestTo((await row(recent.id)).toAddress!)?.get("ValidityPeriod")).toBeNull();
    expect(await row(stale.id)).toMatchObject({ status: "pending", heldUntil: at("2026-12-08T13:00:00Z") });
  });

  it("quiet hours off for the institution: nothing is held", async () => {
    const off = await createInstitution(db, { quietHoursEnabled: false });
    await createSystemNumbers(db, off, 1);
    const sender = await createPerson(db, off, { kind: "staff", roles: ["ADVISOR"] });
    const offActor = (await loadActor(db, (await createUser(db, sender)).id))!;
    const student = await createPerson(db, off, { phones: [{ smsStatus: "SMS_ENABLED" }] });
    await db.update(persons).set({ timeZone: "America/New_York" }).where(eq(persons.id, student.id));
    const now = at("2026-12-08T04:00:00Z");
    const sent = await sendMessages({ ctx: { db, actor: offActor, now }, input: { recipientIds: [student.id], body: "Late note." } });
    expect(await dispatch([sent.results[0].messageId!], now)).toMatchObject({ handedOver: 1, held: 0 });
  });

  it("a number is given only what it can hand over before the window closes; the rest is held", async () => {
    // 20:59:50 in New York: 10 s left, one segment per second from the sender's one number.
    await freshSender();
    const now = at("2026-12-08T01:59:50Z");
    const students = [];
    for (let i = 0; i < 15; i++) students.push(await newYorker());
    const sent = await sendMessages({ ctx: { db, actor, now }, input: { recipientIds: students.map((s) => s.id), body: "Last call." } });
    const ids = sent.results.map((r) => r.messageId!);
    const outcome = await dispatch(ids, now);
    expect(outcome).toMatchObject({ handedOver: 10, held: 5, failed: 0 });
    const rows = await Promise.all(ids.map(row));
    expect(rows.filter((m) => m.status === "queued")).toHaveLength(10);
    expect(rows.filter((m) => m.status === "pending").map((m) => m.heldUntil)).toEqual(Array(5).fill(at("2026-12-08T13:00:00Z")));
    expect(new Set(requests.filter((r) => rows.some((m) => m.toAddress === r.get("To"))).map((r) => r.get("ValidityPeriod")))).toEqual(new Set(["10"]));

    // Five seconds later the ten are still queued at Twilio (no callback yet): nothing more goes.
    const later = await dispatch(ids, at("2026-12-08T01:59:55Z"));
    expect(later).toMatchObject({ handedOver: 0 });
  });

  it("a text that expires in Twilio's queue (30036) is held for the next window, not failed nor emailed", async () => {
    await freshSender();
    const now = at("2026-12-08T01:59:00Z");
    const { id } = await textToNewYorker(now);
    expect(await dispatch([id], now, 1000)).toMatchObject({ handedOver: 1 });
    const handed = await row(id);
    expect(lastRequestTo(handed.toAddress!)?.get("ValidityPeriod")).toBe("60");
    const result = await applyStatusCallback(
      { db, actor: { kind: "system", source: "twilio" }, now: at("2026-12-08T02:00:00Z") },
      { MessageSid: handed.providerId!, MessageStatus: "failed", ErrorCode: "30036", AccountSid: simulatorCredentials().accountSid, From: handed.fromAddress!, To: handed.toAddress! },
      { target: { messageId: id, attempt: handed.attempts, accountSid: simulatorCredentials().accountSid } },
    );
    const eight = at("2026-12-08T13:00:00Z");
    expect(result).toEqual({ outcome: "held", messageId: id, heldUntil: eight });
    expect(await row(id)).toMatchObject({ status: "pending", providerId: null, reasonCode: null, heldUntil: eight, heldTimeZone: "America/New_York" });
    expect(await db.$count(messages, eq(messages.fallbackForMessageId, id))).toBe(0);

    // At 08:00 it goes again under a new sid.
    expect(await dispatch([id], eight, 1000)).toMatchObject({ handedOver: 1 });
    const again = await row(id);
    expect(again.status).toBe("queued");
    expect(again.providerId).not.toBe(handed.providerId);
  });

  describe("emails", () => {
    let resend: Awaited<ReturnType<typeof startResendStandIn>>;
    beforeAll(async () => (resend = await startResendStandIn()));
    afterAll(async () => resend.close());

    it("an email due at 21:05 recipient time is sent, never held", async () => {
      const now = at("2026-12-08T02:05:00Z");
      const { id } = await textToNewYorker(now, { phones: false });
      expect((await row(id)).channel).toBe("EMAIL");
      const outcome = await dispatchEmail({ ctx: providerContext(db, "worker", now), messageIds: [id], resend: resend.client() });
      expect(outcome.sent).toBe(1);
      expect(await row(id)).toMatchObject({ status: "sent", heldUntil: null });
    });
  });
});
