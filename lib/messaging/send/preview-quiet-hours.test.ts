import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution } from "@/db/factories";
import { messages, persons } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { previewDelivery } from "./preview-delivery";

/*
 * SPEC §9 in the composer's Review: how many texts would be held if the send went now, per
 * recipient zone and release time; emails and recent repliers are not counted; nothing is
 * held when quiet hours are off. 2026-12-08T02:30Z is Monday 20:30 in Chicago, 21:30 in New
 * York, 19:30 in Denver.
 */

const db = getDb();
const now = new Date("2026-12-08T02:30:00Z");

async function setUp(quietHoursEnabled: boolean) {
  const inst = await createInstitution(db, { quietHoursEnabled });
  await createSystemNumbers(db, inst, 1);
  const sender = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  const actor = (await loadActor(db, (await createUser(db, sender)).id))!;
  return { inst, actor };
}

async function student(inst: FactoryInstitution, where: { timeZone: string; state: string } | null, phones = true) {
  const p = await createPerson(db, inst, { phones: phones ? [{ smsStatus: "SMS_ENABLED" }] : [] });
  if (where) await db.update(persons).set(where).where(eq(persons.id, p.id));
  return p;
}

describe("previewDelivery: quiet hours", () => {
  let inst: FactoryInstitution;
  let actor: Actor;
  beforeAll(async () => ({ inst, actor } = await setUp(true)));

  it("counts the texts that would be held, per zone and release time", async () => {
    const newYork = [await student(inst, { timeZone: "America/New_York", state: "NY" }), await student(inst, { timeZone: "America/New_York", state: "NY" })];
    // Florida closes at 20:00: held until 08:00 Eastern too, the same group as New York.
    const florida = await student(inst, { timeZone: "America/New_York", state: "FL" });
    const denver = await student(inst, { timeZone: "America/Denver", state: "CO" });
    const chicagoFlorida = await student(inst, { timeZone: "America/Chicago", state: "FL" });
    const emailOnly = await student(inst, { timeZone: "America/New_York", state: "NY" }, false);
    const replied = await student(inst, { timeZone: "America/New_York", state: "NY" });
    await db.insert(messages).values({
      institutionId: inst.id,
      channel: "SMS",
      direction: "INBOUND",
      status: "received",
      fromPersonId: replied.id,
      fromAddress: replied.phones[0].number,
      toAddress: "+15005550006",
      body: "Yes",
      createdAt: new Date(now.getTime() - 10 * 60_000),
    });
    const ids = [...newYork, florida, denver, chicagoFlorida, emailOnly, replied].map((p) => p.id);
    const preview = await previewDelivery({ ctx: { db, actor, now }, input: { recipientIds: ids, body: "Reminder" } });
    expect(preview.summary).toMatchObject({ texts: 6, emails: 1 });
    expect(preview.quietHours).toEqual({
      enabled: true,
      held: [
        { timeZone: "America/New_York", zoneName: "Eastern", until: "2026-12-08T13:00:00.000Z", count: 3 },
        { timeZone: "America/Chicago", zoneName: "Central", until: "2026-12-08T14:00:00.000Z", count: 1 },
      ],
    });
  });

  it("quiet hours off: nothing would be held", async () => {
    const off = await setUp(false);
    const p = await student(off.inst, { timeZone: "America/New_York", state: "NY" });
    const preview = await previewDelivery({ ctx: { db, actor: off.actor, now }, input: { recipientIds: [p.id], body: "Reminder" } });
    expect(preview.quietHours).toEqual({ enabled: false, held: [] });
  });
});
