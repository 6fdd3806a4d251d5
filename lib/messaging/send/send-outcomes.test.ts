import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { markTextDelivered, messageOfSendTo, senderNumberOfSend, setMessageStatus } from "@/db/testing/messages";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { isAppError } from "@/lib/errors";
import { receiveInbound } from "@/lib/messaging/inbound/receive-inbound";
import { applyTwilioFailure } from "@/lib/messaging/lifecycle/apply-twilio-failure";
import { providerContext } from "@/lib/service-context";
import { getSendOutcomes, listSendOutcomes, prepareSendOutcomesExport } from "./get-send-outcomes";
import { resolveAudience } from "./resolve-audience";
import { sendMessages } from "./send-messages";

/*
 * Issue 18 item 1 against real PostgreSQL: a send's results from the stored rows — delivered,
 * failed by reason (30007, 30003), replies within 24 h (one after 25 h does not count), an
 * opt-out, the median time to the sender's first answer, emails apart — who may see them, the
 * CSV, and the follow-up audiences.
 */

const t0 = new Date("2026-03-10T15:00:00Z");
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const db = () => getDb();

async function actorFor(inst: FactoryInstitution, roles: ("ADVISOR" | "ADMIN")[]): Promise<Actor> {
  const person = await createPerson(db(), inst, { kind: "staff", roles });
  return (await loadActor(db(), (await createUser(db(), person)).id))!;
}

const enabled = (number: string) => [{ number, smsStatus: "SMS_ENABLED" as const, verifiedAt: new Date("2026-01-01") }];
const NAMES = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Fox", "Gray", "Hill"] as const;
type Name = (typeof NAMES)[number];

describe("a send's results", () => {
  let inst: FactoryInstitution;
  let advisor: Actor;
  let batchId: string;
  let people: Record<Name, FactoryPerson>;
  const ctx = (actor: Actor, now = later(60 * 30)) => ({ db: db(), actor, now });

  async function text(from: FactoryPerson, body: string, at: Date) {
    const to = await senderNumberOfSend(db(), batchId);
    const result = await receiveInbound(providerContext(db(), "twilio", at), { MessageSid: `SM${randomBytes(16).toString("hex")}`, From: from.phones[0].number, To: to, Body: body });
    expect(result.outcome).toBe("stored");
  }

  beforeAll(async () => {
    inst = await createInstitution(db());
    await createSystemNumbers(db(), inst, 2);
    advisor = await actorFor(inst, ["ADVISOR"]);
    const entries = await Promise.all(
      NAMES.map(async (lastName, i) => {
        const phones = lastName === "Gray" ? [] : enabled(`+1312555${String(300 + i).padStart(4, "0")}`);
        return [lastName, await createPerson(db(), inst, { firstName: "Pat", lastName, emails: [`${lastName.toLowerCase()}@example.test`], phones })] as const;
      }),
    );
    people = Object.fromEntries(entries) as Record<Name, FactoryPerson>;
    const sent = await sendMessages({ ctx: { db: db(), actor: advisor, now: t0 }, input: { recipientIds: NAMES.map((n) => people[n].id), body: "Advising week: book a slot." } });
    batchId = sent.batchId!;
    const messageOf = (n: Name) => messageOfSendTo(db(), batchId, people[n].id);

    for (const n of ["Adams", "Evans", "Fox"] as const) await markTextDelivered(db(), await messageOf(n), later(1));
    await markTextDelivered(db(), await messageOf("Baker"), later(2));
    await applyTwilioFailure(db(), { messageId: await messageOf("Chen"), errorCode: 30007, status: "undelivered", source: "TWILIO", now: later(3) });
    await applyTwilioFailure(db(), { messageId: await messageOf("Diaz"), errorCode: 30003, status: "undelivered", source: "TWILIO", now: later(3) });
    await setMessageStatus(db(), await messageOf("Hill"), "sent");

    // Adams replies after 29 min and is answered 10 min later; Fox after 3 h, answered 30 min
    // later; Baker replies after 25 h (too late to count); Evans texts STOP (an opt-out, no reply).
    await text(people.Adams, "Yes, Tuesday works", later(30));
    await sendMessages({ ctx: { db: db(), actor: advisor, now: later(40) }, input: { recipientIds: [people.Adams.id], body: "Booked you for 2 PM." } });
    await text(people.Fox, "Can I come Friday?", later(180));
    await text(people.Fox, "Or Monday", later(185));
    await sendMessages({ ctx: { db: db(), actor: advisor, now: later(210) }, input: { recipientIds: [people.Fox.id], body: "Friday is fine." } });
    await text(people.Evans, "STOP", later(120));
    await text(people.Baker, "Sorry, just saw this", later(60 * 25 + 2));
  });

  it("counts delivered, failed by reason, replies within 24 h, opt-outs and the median first answer; emails apart", async () => {
    const r = await getSendOutcomes({ ctx: ctx(advisor), input: { sendId: batchId } });
    expect(r.texts).toEqual({ total: 7, delivered: 4, deliveredPercent: 57.1, failed: 2, inFlight: 1, held: 0 });
    expect(r.failedByReason).toEqual([
      { reasonCode: "TWILIO_ERROR_30003", label: "Phone unreachable (off or out of signal) (Twilio 30003)", count: 1 },
      { reasonCode: "TWILIO_ERROR_30007", label: "Message filtered as spam (Twilio 30007)", count: 1 },
    ]);
    expect(r.replies).toEqual({ within24h: 2, percent: 28.6 });
    expect(r.optOuts).toEqual({ count: 1, percent: 14.3 });
    expect(r.firstAnswer).toEqual({ answered: 2, medianSeconds: 1200 });
    expect(r.emails).toEqual({ total: 1, sent: 0, failed: 0, inPlaceOfFailedTexts: 2 });
    expect([r.undeliverable, r.refused]).toEqual([0, 0]);
    expect(r.followUp).toEqual({ replied: 2, notReplied: 4 });
    expect(r.deliveryCurve).toEqual([
      { at: "2026-03-10T15:00:00.000Z", delivered: 0, failed: 0 },
      { at: "2026-03-10T15:01:00.000Z", delivered: 0, failed: 0 },
      { at: "2026-03-10T15:02:00.000Z", delivered: 3, failed: 0 },
      { at: "2026-03-10T15:03:00.000Z", delivered: 4, failed: 0 },
      { at: "2026-03-10T15:04:00.000Z", delivered: 4, failed: 2 },
    ]);
  });

  it("lists each recipient with when they replied and opted out, paged in send order", async () => {
    const first = await listSendOutcomes({ ctx: ctx(advisor), input: { sendId: batchId, page: { limit: "5" } } });
    expect(first.items.map((i) => i.name)).toEqual(NAMES.slice(0, 5).map((n) => `Pat ${n}`));
    const second = await listSendOutcomes({ ctx: ctx(advisor), input: { sendId: batchId, page: { limit: "5", cursor: first.nextCursor } } });
    expect(second.items.map((i) => i.name)).toEqual(["Pat Fox", "Pat Gray", "Pat Hill"]);
    expect(second.nextCursor).toBeNull();
    const back = await listSendOutcomes({ ctx: ctx(advisor), input: { sendId: batchId, page: { limit: "5", cursor: second.prevCursor } } });
    expect(back.items.map((i) => i.name)).toEqual(first.items.map((i) => i.name));
    const adams = first.items[0];
    expect(adams).toMatchObject({ channel: "SMS", status: "delivered", deliveredAt: later(1).toISOString(), repliedAt: later(30).toISOString(), optedOutAt: null });
    expect(first.items[1].repliedAt).toBeNull();
    expect(first.items[2]).toMatchObject({ status: "undelivered", reasonCode: "TWILIO_ERROR_30007", emailedInstead: true });
    expect(first.items[4]).toMatchObject({ repliedAt: null, optedOutAt: later(120).toISOString() });
    expect(second.items[0].repliedAt).toBe(later(180).toISOString());
    await expect(listSendOutcomes({ ctx: ctx(advisor), input: { sendId: batchId, page: { cursor: "nonsense" } } })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("exports the same rows as CSV: recipient, channel, status, reason label, delivered, replied, opted out", async () => {
    const { filename, chunks } = await prepareSendOutcomesExport({ ctx: ctx(advisor), input: { sendId: batchId } });
    expect(filename).toBe(`send-results-2026-03-10-${batchId.slice(0, 8)}.csv`);
    let csv = "";
    for await (const chunk of chunks) csv += chunk;
    const d = (m: number) => later(m).toISOString();
    expect(csv.split("\r\n")).toEqual([
      "Recipient,Channel,Destination,Status,Reason,Reason code,Delivered at (UTC),Replied at (UTC),Opted out",
      `Pat Adams,SMS,+13125550300,delivered,,,${d(1)},${d(30)},no`,
      `Pat Baker,SMS,+13125550301,delivered,,,${d(2)},,no`,
      `Pat Chen,SMS,+13125550302,undelivered,Message filtered as spam (Twilio 30007),TWILIO_ERROR_30007,,,no`,
      `Pat Diaz,SMS,+13125550303,undelivered,Phone unreachable (off or out of signal) (Twilio 30003),TWILIO_ERROR_30003,,,no`,
      `Pat Evans,SMS,+13125550304,delivered,,,${d(1)},,yes`,
      `Pat Fox,SMS,+13125550305,delivered,,,${d(1)},${d(180)},no`,
      "Pat Gray,EMAIL,gray@example.test,pending,No phone that takes texts,NO_SMS_NUMBER,,,no",
      "Pat Hill,SMS,+13125550307,sent,,,,,no",
      "",
    ]);
  });

  it("follows up with exactly those who replied, or those who did not, never those who opted out", async () => {
    const ids = async (replied: boolean) => resolveAudience({ ctx: ctx(advisor), input: { type: "sendFollowUp", sendId: batchId, replied } });
    expect(await ids(true)).toEqual([people.Adams.id, people.Fox.id]);
    expect(await ids(false)).toEqual([people.Baker.id, people.Chen.id, people.Diaz.id, people.Hill.id]);
  });

  it("shows the send to its sender and the institution's administrators only; elsewhere it does not exist", async () => {
    const admin = await actorFor(inst, ["ADMIN"]);
    expect((await getSendOutcomes({ ctx: ctx(admin), input: { sendId: batchId } })).texts.total).toBe(7);
    const colleague = await actorFor(inst, ["ADVISOR"]);
    const otherInst = await createInstitution(db());
    const stranger = await actorFor(otherInst, ["ADMIN"]);
    for (const actor of [colleague, stranger]) {
      for (const call of [
        () => getSendOutcomes({ ctx: ctx(actor), input: { sendId: batchId } }),
        () => listSendOutcomes({ ctx: ctx(actor), input: { sendId: batchId, page: {} } }),
        () => prepareSendOutcomesExport({ ctx: ctx(actor), input: { sendId: batchId } }),
        () => resolveAudience({ ctx: ctx(actor), input: { type: "sendFollowUp", sendId: batchId, replied: false } }),
      ]) {
        const err = await call().catch((e: unknown) => e);
        expect(isAppError(err) && err.code).toBe("NOT_FOUND");
      }
    }
  });
});
