import { eq } from "drizzle-orm";
import { conversations, messages, personPhones, sendBatches, smsUsageMonthly, systemNumberAssignments } from "@/db/schema";
import { insertBulkPeople } from "@/db/testing/people";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { setSmsStatus } from "@/db/queries/phone-status";
import { monthStartInZone } from "./month";
import { previewDelivery } from "./preview-delivery";
import { sendMessages } from "./send-messages";

const now = new Date("2026-03-10T15:00:00Z");

async function actorFor(inst: FactoryInstitution, roles: ("ADVISOR" | "FACULTY" | "STUDENT")[]): Promise<Actor> {
  const person = await createPerson(getDb(), inst, { kind: roles.includes("STUDENT") ? "student" : "staff", roles });
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}

/** Everything a send writes; a preview must leave every count at zero. */
async function writtenRows(institutionId: string) {
  const db = getDb();
  return {
    messages: await db.$count(messages, eq(messages.institutionId, institutionId)),
    batches: await db.$count(sendBatches, eq(sendBatches.institutionId, institutionId)),
    assignments: await db.$count(systemNumberAssignments, eq(systemNumberAssignments.institutionId, institutionId)),
    usage: await db.$count(smsUsageMonthly, eq(smsUsageMonthly.institutionId, institutionId)),
    conversations: await db.$count(conversations, eq(conversations.institutionId, institutionId)),
  };
}

async function setMonthlyUsed(inst: FactoryInstitution, used: number) {
  const month = monthStartInZone(now, inst.timeZone);
  await getDb()
    .insert(smsUsageMonthly)
    .values({ institutionId: inst.id, month, sentCount: used })
    .onConflictDoUpdate({ target: [smsUsageMonthly.institutionId, smsUsageMonthly.month], set: { sentCount: used } });
}

describe("previewDelivery", () => {
  let inst: FactoryInstitution;
  let other: FactoryInstitution;
  let advisor: Actor;
  let enabled: FactoryPerson;
  let byDefault: FactoryPerson;
  let emailOnly: FactoryPerson;
  let nowhere: FactoryPerson;
  let stranger: FactoryPerson;

  beforeAll(async () => {
    const db = getDb();
    inst = await createInstitution(db, { smsMonthlyLimit: 50, smsPhoneNumberLimit: 2, smsMaxLength: 20 });
    other = await createInstitution(db);
    await createSystemNumbers(db, inst, 2);
    advisor = await actorFor(inst, ["ADVISOR"]);
    enabled = await createPerson(db, inst, {
      phones: [
        { number: "+13125550111", smsStatus: "SMS_ENABLED", verifiedAt: new Date("2026-01-01") },
        { number: "+13125550112", smsStatus: "SMS_DEFAULT", verifiedAt: new Date("2026-02-01") },
      ],
    });
    byDefault = await createPerson(db, inst, { phones: [{ number: "+13125550121", smsStatus: "SMS_DEFAULT" }] });
    emailOnly = await createPerson(db, inst, { emails: ["only@example.test"], phones: [{ type: "HOME" }] });
    nowhere = await createPerson(db, inst, { emails: [] });
    stranger = await createPerson(db, other, { phones: [{ smsStatus: "SMS_ENABLED" }] });
  });

  it("says per recipient which number and why, or email and why, and stores nothing", async () => {
    const ids = [enabled.id, byDefault.id, emailOnly.id, nowhere.id, enabled.id, stranger.id, "not-an-id"];
    const preview = await previewDelivery({ ctx: { db: getDb(), actor: advisor, now }, input: { recipientIds: ids, body: "Hi there" } });

    expect(preview).toEqual({
      refused: null,
      recipients: [
        { recipientId: enabled.id, name: `Student ${enabled.lastName}`, outcome: "SMS", channel: "SMS", toAddress: "+13125550111", why: "SMS_ENABLED", reasonCode: null, fallbackDetail: null, text: "Hi there", firstContact: false },
        { recipientId: byDefault.id, name: `Student ${byDefault.lastName}`, outcome: "SMS", channel: "SMS", toAddress: "+13125550121", why: "SMS_DEFAULT_DEFAULT_TYPE", reasonCode: null, fallbackDetail: null, text: "Hi there", firstContact: false },
        { recipientId: emailOnly.id, name: `Student ${emailOnly.lastName}`, outcome: "EMAIL", channel: "EMAIL", toAddress: "only@example.test", why: null, reasonCode: "NO_SMS_NUMBER", fallbackDetail: "NO_PHONE_OF_DEFAULT_TYPE", text: "Hi there", firstContact: false },
        { recipientId: nowhere.id, name: `Student ${nowhere.lastName}`, outcome: "UNDELIVERABLE", channel: null, toAddress: null, why: "NO_SMS_NUMBER", reasonCode: "UNDELIVERABLE", fallbackDetail: "NO_PHONE", text: "Hi there", firstContact: false },
      ],
      page: 0,
      pageSize: 50,
      total: 4,
      reasons: [
        { outcome: "SMS", reason: null, count: 2 },
        { outcome: "EMAIL", reason: "NO_SMS_NUMBER", count: 1 },
        { outcome: "UNDELIVERABLE", reason: "NO_SMS_NUMBER", count: 1 },
      ],
      unknownRecipientIds: [stranger.id, "not-an-id"],
      summary: { texts: 2, emails: 1, undeliverable: 1, refused: 0 },
      monthly: { used: 0, limit: 50, left: 50 },
      // The factory turns quiet hours off (lib/messaging/send/preview-quiet-hours.test.ts has them on).
      quietHours: { enabled: false, held: [] },
      senderNumber: null,
      assignsNumber: true,
      body: { characters: 8, smsMaxLength: 20, encoding: "GSM-7", segments: 1, totalSegments: 2 },
      personalized: false,
      missingFields: null,
      firstContact: null,
    });
    expect(await writtenRows(inst.id)).toEqual({ messages: 0, batches: 0, assignments: 0, usage: 0, conversations: 0 });
  });

  it("names the real cause of NO_SMS_NUMBER: a STOP is 'opted out', a phone disabled by hand is not (issue 15.5)", async () => {
    const db = getDb();
    const stopped = await createPerson(db, inst, { emails: ["stopped@example.test"], phones: [{ number: "+13125550131", smsStatus: "SMS_ENABLED" }] });
    const byHand = await createPerson(db, inst, { emails: ["byhand@example.test"], phones: [{ number: "+13125550141", smsStatus: "SMS_ENABLED" }] });
    const [stopPhone] = await db.select({ id: personPhones.id }).from(personPhones).where(eq(personPhones.personId, stopped.id));
    const [handPhone] = await db.select({ id: personPhones.id }).from(personPhones).where(eq(personPhones.personId, byHand.id));
    await setSmsStatus(db, { institutionId: inst.id, phoneIds: [stopPhone.id], status: "SMS_DISABLED", actor: { type: "SYSTEM", reason: "OPT_OUT_KEYWORD", messageId: null }, now });
    await setSmsStatus(db, { institutionId: inst.id, phoneIds: [handPhone.id], status: "SMS_DISABLED", actor: { type: "SYSTEM", reason: "TWILIO_ERROR", messageId: null }, now });

    const preview = await previewDelivery({ ctx: { db, actor: advisor, now }, input: { recipientIds: [stopped.id, byHand.id], body: "Hi" } });
    expect(preview.recipients.map((r) => [r.outcome, r.reasonCode, r.fallbackDetail])).toEqual([
      ["EMAIL", "NO_SMS_NUMBER", "OPTED_OUT"],
      ["EMAIL", "NO_SMS_NUMBER", "SMS_DISABLED"],
    ]);
  });

  it("decides exactly as Send then does", async () => {
    const sender = await actorFor(inst, ["ADVISOR"]);
    const input = { recipientIds: [nowhere.id, enabled.id, emailOnly.id, byDefault.id], body: "Same data" };
    const preview = await previewDelivery({ ctx: { db: getDb(), actor: sender, now }, input });
    const sent = await sendMessages({ ctx: { db: getDb(), actor: sender, now }, input });
    const key = (r: { recipientId: string; outcome: string; toAddress: string | null; why: string | null; reasonCode: string | null }) =>
      [r.recipientId, r.outcome, r.toAddress, r.why, r.reasonCode].join("|");
    expect(sent.results.map(key).sort()).toEqual(preview.recipients.map(key).sort());
    expect(sent.summary).toEqual(preview.summary);

    const again = await previewDelivery({ ctx: { db: getDb(), actor: sender, now }, input });
    expect(again.senderNumber).toBe(sent.senderNumber);
    expect(again.assignsNumber).toBe(false);
    expect(again.monthly).toEqual({ used: 2, limit: 50, left: 48 });
    await getDb().delete(messages).where(eq(messages.institutionId, inst.id));
    await getDb().delete(conversations).where(eq(conversations.institutionId, inst.id));
    await getDb().delete(sendBatches).where(eq(sendBatches.institutionId, inst.id));
    await getDb().delete(smsUsageMonthly).where(eq(smsUsageMonthly.institutionId, inst.id));
  });

  it("gives the month's remaining texts to the first recipients and emails the rest", async () => {
    await setMonthlyUsed(inst, 49);
    const preview = await previewDelivery({
      ctx: { db: getDb(), actor: advisor, now },
      input: { recipientIds: [byDefault.id, enabled.id], body: "Hello" },
    });
    expect(preview.recipients.map((r) => [r.outcome, r.toAddress, r.reasonCode])).toEqual([
      ["SMS", "+13125550121", null],
      ["EMAIL", enabled.emails[0], "SMS_MONTHLY_LIMIT_REACHED"],
    ]);
    expect(preview.monthly).toEqual({ used: 49, limit: 50, left: 1 });
    expect(preview.summary).toEqual({ texts: 1, emails: 1, undeliverable: 0, refused: 0 });

    await setMonthlyUsed(inst, 60);
    const over = await previewDelivery({ ctx: { db: getDb(), actor: advisor, now }, input: { recipientIds: [enabled.id], body: "Hello" } });
    expect(over.monthly).toEqual({ used: 60, limit: 50, left: 0 });
    expect(over.recipients[0].reasonCode).toBe("SMS_MONTHLY_LIMIT_REACHED");
    await getDb().delete(smsUsageMonthly).where(eq(smsUsageMonthly.institutionId, inst.id));
  });

  it("emails every text when no number can be assigned (limit reached or pool empty)", async () => {
    const full = await createInstitution(getDb(), { smsPhoneNumberLimit: 0 });
    await createSystemNumbers(getDb(), full, 3);
    const empty = await createInstitution(getDb(), { smsPhoneNumberLimit: 5 });
    for (const i of [full, empty]) {
      const sender = await actorFor(i, ["ADVISOR"]);
      const student = await createPerson(getDb(), i, { phones: [{ smsStatus: "SMS_ENABLED" }] });
      const noPhone = await createPerson(getDb(), i);
      const preview = await previewDelivery({ ctx: { db: getDb(), actor: sender, now }, input: { recipientIds: [student.id, noPhone.id], body: "Hi" } });
      expect(preview.assignsNumber).toBe(false);
      expect(preview.recipients.map((r) => [r.outcome, r.reasonCode])).toEqual([
        ["EMAIL", "SMS_PHONE_NUMBER_LIMIT_REACHED"],
        ["EMAIL", "NO_SMS_NUMBER"],
      ]);
    }
  });

  it.each([
    ["a sender without a permitted role", ["FACULTY"] as const, "Hello", "SENDER_NOT_PERMITTED"],
    ["a student", ["STUDENT"] as const, "Hello", "SENDER_NOT_PERMITTED"],
    ["a body over smsMaxLength", ["ADVISOR"] as const, "x".repeat(21), "BODY_TOO_LONG"],
    ["an empty body", ["ADVISOR"] as const, "   ", "EMPTY_BODY"],
  ])("refuses the whole send for %s", async (_what, roles, body, code) => {
    const actor = await actorFor(inst, [...roles]);
    const preview = await previewDelivery({ ctx: { db: getDb(), actor, now }, input: { recipientIds: [enabled.id, emailOnly.id], body } });
    expect(preview.refused).toBe(code);
    expect(preview.recipients.map((r) => [r.recipientId, r.outcome, r.reasonCode])).toEqual([
      [enabled.id, "REFUSED", code],
      [emailOnly.id, "REFUSED", code],
    ]);
    expect(preview.summary).toEqual({ texts: 0, emails: 0, undeliverable: 0, refused: 2 });
    expect(preview.assignsNumber).toBe(false);
  });

  it("rejects input that is not a send", async () => {
    const ctx = { db: getDb(), actor: advisor, now };
    await expect(previewDelivery({ ctx, input: { recipientIds: [], body: "Hi" } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { recipientIds: "Choose at least one recipient" },
    });
    await expect(previewDelivery({ ctx, input: { recipientIds: [enabled.id] } })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("summarises 3,000 recipients by outcome and reason, and lists them 50 to a page", async () => {
    const db = getDb();
    const ids = await insertBulkPeople(db, {
      institutionId: inst.id,
      count: 3000,
      srcPrefix: "BULK-",
      firstName: "Bulk",
      lastNamePrefix: "Person ",
      phoneTypeId: inst.phoneTypes.CELL.id,
      phoneTypeSrcSystemId: inst.phoneTypes.CELL.srcSystemId,
      phoneSrcPrefix: "BP-",
    });
    expect(ids).toHaveLength(3000);
    const preview = await previewDelivery({ ctx: { db, actor: advisor, now }, input: { recipientIds: ids, body: "Bulk" } });
    expect(preview.summary).toEqual({ texts: 50, emails: 0, undeliverable: 2950, refused: 0 });
    expect(preview.reasons).toEqual([
      { outcome: "UNDELIVERABLE", reason: "SMS_MONTHLY_LIMIT_REACHED", count: 2950 },
      { outcome: "SMS", reason: null, count: 50 },
    ]);
    expect([preview.page, preview.pageSize, preview.total, preview.recipients.length]).toEqual([0, 50, 3000, 50]);
    expect(preview.recipients[0]).toMatchObject({ recipientId: ids[0], outcome: "SMS", toAddress: "+17730000001" });
    expect(preview.recipients[49]).toMatchObject({ recipientId: ids[49], outcome: "SMS" });

    const second = await previewDelivery({ ctx: { db, actor: advisor, now }, input: { recipientIds: ids, body: "Bulk", page: 1 } });
    expect(second.recipients.map((r) => r.recipientId)).toEqual(ids.slice(50, 100));
    expect(second.recipients[0]).toMatchObject({ outcome: "UNDELIVERABLE", reasonCode: "UNDELIVERABLE", why: "SMS_MONTHLY_LIMIT_REACHED" });
    expect(second.summary).toEqual(preview.summary);
    const last = await previewDelivery({ ctx: { db, actor: advisor, now }, input: { recipientIds: ids, body: "Bulk", page: 59 } });
    expect(last.recipients.map((r) => r.recipientId)).toEqual(ids.slice(2950));
    const beyond = await previewDelivery({ ctx: { db, actor: advisor, now }, input: { recipientIds: ids, body: "Bulk", page: 60 } });
    expect(beyond.recipients).toEqual([]);
  });
});
