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
const dispatch = (ids: number[], now: Date) => dispatchSms({ ctx: providerContext(db, "worker", now), twilio, statusCallbackUrl: "http://localhost/api/twilio/status", messageIds: ids });

let inst: FactoryInstitution;
let actor: Actor;

beforeAll(async () => {
  inst = await createInstitution(db, { quietHoursEnabled: true });
  await createSystemNumbers(db, inst, 2);
  const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  actor = (await loadActor(db, (await createUser(db, sender)).id))!;
});

/** A student in New York (recorded zone) with a textable phone, sent one text at `now`. */
async function textToNewYorker(now: Date, options: { phones?: boolean } = {}): Promise<{ student: FactoryPerson; id: number }> {
  const student = await createPerson(db, inst, { phones: options.phones === false ? [] : [{ smsStatus: "SMS_ENABLED" }] });
  await db.update(persons).set({ timeZone: "America/New_York" }).where(eq(persons.id, student.id));
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
