import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser } from "@/db/factories";
import { institutions } from "@/db/schema";
import { insertMessageAt, insertOptOutAt, insertSendAt } from "@/db/testing/health";
import { loadActor } from "@/lib/auth/load-actor";
import { isAppError } from "@/lib/errors";
import { getDashboard } from "./get-dashboard";
import { refreshDashboard } from "./refresh-dashboard";

/** Wednesday 9 December 2026, noon in Chicago: this week began Monday 7 December, this month on the 1st. */
const NOW = new Date("2026-12-09T18:00:00Z");
const at = (iso: string) => new Date(iso);

async function world() {
  const db = getDb();
  const inst = await createInstitution(db, { timeZone: "America/Chicago" });
  const admin = await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] });
  const adminUser = await createUser(db, admin);
  const staffA = await createPerson(db, inst, { kind: "staff", firstName: "Avery", lastName: "Advisor" });
  const userA = await createUser(db, staffA);
  const staffB = await createPerson(db, inst, { kind: "staff", firstName: "Blake", lastName: "Coach" });
  const userB = await createUser(db, staffB);
  const student = await createPerson(db, inst, { phones: [{}, {}] });
  const other = await createPerson(db, inst, { phones: [{}] });
  const actor = (await loadActor(db, adminUser.id))!;
  return { db, inst, staffA, userA, staffB, userB, student, other, actor };
}
type World = Awaited<ReturnType<typeof world>>;

/** The scenario of the figures below; every row is placed around a Chicago week or month boundary. */
async function loadScenario(w: World) {
  const { db, inst } = w;
  const text = (status: string, iso: string, extra: { reasonCode?: string; from?: string } = {}) =>
    insertMessageAt(db, inst.id, { status, at: at(iso), fromPersonId: extra.from ?? w.staffA.id, toPersonId: w.student.id, reasonCode: extra.reasonCode });
  await text("delivered", "2026-12-07T05:00:00Z"); // t1: Sunday 6 Dec 23:00 Chicago — last week, this month
  await text("delivered", "2026-12-07T06:30:00Z"); // t2: Monday 7 Dec 00:30 — this week
  await text("failed", "2026-12-08T15:00:00Z", { reasonCode: "TWILIO_ERROR_30003" }); // t3
  await text("undelivered", "2026-11-30T05:00:00Z", { reasonCode: "TWILIO_INVALID_NUMBER" }); // t4: Sunday 29 Nov 23:00 — November
  await text("refused", "2026-12-08T15:10:00Z", { reasonCode: "SENDER_NOT_PERMITTED" }); // t5: not a text sent
  await text("delivered", "2026-09-20T12:00:00Z"); // t6: before the 12 weeks
  await text("sent", "2026-12-08T16:00:00Z"); // t7: no final status yet
  await insertMessageAt(db, inst.id, { channel: "EMAIL", status: "delivered", reasonCode: "NO_SMS_NUMBER", fromPersonId: w.staffA.id, toPersonId: w.student.id, at: at("2026-12-08T16:05:00Z") });
  await insertMessageAt(db, inst.id, { channel: "EMAIL", status: "failed", reasonCode: "UNDELIVERABLE", fromPersonId: w.staffA.id, toPersonId: w.other.id, at: at("2026-12-08T16:06:00Z") });
  // Replies: r1 23 h after t2 (and 24.5 h after t1: too late for it); r2 exactly 24 h after t7.
  const reply = (iso: string) => insertMessageAt(db, inst.id, { direction: "INBOUND", status: "received", fromPersonId: w.student.id, toPersonId: w.staffA.id, at: at(iso) });
  await reply("2026-12-08T05:30:00Z");
  await reply("2026-12-09T16:00:00Z");
  // Opt-outs: the student's STOP disabled both records (one person); someone's 21610 in November; an invalid number is no opt-out.
  await insertOptOutAt(db, inst.id, { phoneId: w.student.phones[0].id, at: at("2026-12-08T17:00:00Z") });
  await insertOptOutAt(db, inst.id, { phoneId: w.student.phones[1].id, at: at("2026-12-08T17:00:00Z") });
  await insertOptOutAt(db, inst.id, { phoneId: w.other.phones[0].id, at: at("2026-11-10T17:00:00Z"), reason: "TWILIO_RECIPIENT_UNSUBSCRIBED" });
  await insertOptOutAt(db, inst.id, { phoneId: w.other.phones[0].id, at: at("2026-12-08T17:00:00Z"), reason: "TWILIO_INVALID_NUMBER" });
  // Sends: Avery twice this week, Blake once last week, a cancelled one counts for nobody.
  await insertSendAt(db, inst.id, { senderUserId: w.userA.id, senderPersonId: w.staffA.id, at: at("2026-12-07T15:00:00Z") });
  await insertSendAt(db, inst.id, { senderUserId: w.userA.id, senderPersonId: w.staffA.id, at: at("2026-12-08T15:00:00Z") });
  await insertSendAt(db, inst.id, { senderUserId: w.userB.id, senderPersonId: w.staffB.id, at: at("2026-12-02T15:00:00Z") });
  await insertSendAt(db, inst.id, { senderUserId: w.userB.id, senderPersonId: w.staffB.id, at: at("2026-12-08T15:00:00Z"), state: "cancelled" });
}

describe("getDashboard", () => {
  it("counts each figure per Chicago week and for the Chicago month, exactly", async () => {
    const w = await world();
    await loadScenario(w);
    // Another institution's text this week is not Northfield's.
    const lake = await createInstitution(w.db);
    await insertMessageAt(w.db, lake.id, { status: "delivered", at: at("2026-12-08T15:00:00Z") });

    const d = await getDashboard({ ctx: { db: w.db, actor: w.actor, now: NOW } });
    expect(d.timeZone).toBe("America/Chicago");
    expect(d.weeks.map((x) => x.week)).toEqual([
      "2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26",
      "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30", "2026-12-07",
    ]);
    const week = (monday: string) => d.weeks.find((x) => x.week === monday)!;
    expect(week("2026-12-07")).toEqual({
      week: "2026-12-07", texts: 3, emails: 1, delivered: 1, failed: 1, deliveryRate: 0.5, replied: 2, replyRate: 2 / 3, replies: 2, optOuts: 1,
    });
    expect(week("2026-11-30")).toEqual({
      week: "2026-11-30", texts: 1, emails: 0, delivered: 1, failed: 0, deliveryRate: 1, replied: 0, replyRate: 0, replies: 0, optOuts: 0,
    });
    expect(week("2026-11-23")).toMatchObject({ texts: 1, delivered: 0, failed: 1, deliveryRate: 0 });
    expect(week("2026-11-09")).toMatchObject({ texts: 0, optOuts: 1, deliveryRate: null, replyRate: null });
    expect(week("2026-09-21")).toMatchObject({ texts: 0, emails: 0, replies: 0 });
    const total = d.weeks.reduce((s, x) => s + x.texts, 0);
    expect(total).toBe(5); // t6 is before the 12 weeks, t5 was refused, Lakeside's is not ours

    expect(d.month).toEqual({
      start: "2026-12-01", texts: 4, emails: 1, delivered: 2, failed: 1, deliveryRate: 2 / 3, replied: 2, replyRate: 0.5, replies: 2, optOuts: 1,
    });
    expect(d.failureReasons).toEqual([
      { code: "SENDER_NOT_PERMITTED", label: "Sender not permitted to text", total: 1, weekly: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
      { code: "TWILIO_ERROR_30003", label: "Phone unreachable (off or out of signal) (Twilio 30003)", total: 1, weekly: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
      { code: "TWILIO_INVALID_NUMBER", label: "Not a valid mobile number", total: 1, weekly: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0] },
      { code: "UNDELIVERABLE", label: "No phone for texts and no email", total: 1, weekly: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
    ]);
    expect(d.staff).toEqual([
      { personId: w.staffA.id, name: "Avery Advisor", sends: 2, messages: 6, weeklySends: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2] },
      { personId: w.staffB.id, name: "Blake Coach", sends: 1, messages: 0, weeklySends: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0] },
    ]);
    expect(d.asOf).toBe(NOW.toISOString());
  });

  it("recomputes only the days that can still change, and everything after a time-zone change", async () => {
    const w = await world();
    await refreshDashboard({ db: w.db, institutionId: w.inst.id, timeZone: "America/Chicago", now: NOW });
    // A text dated 10 days back appears only now (as a late import would): outside the 72-hour settle window.
    await insertMessageAt(w.db, w.inst.id, { status: "delivered", at: at("2026-11-29T18:00:00Z") });
    await insertMessageAt(w.db, w.inst.id, { status: "delivered", at: at("2026-12-09T18:30:00Z") });
    const later = new Date(NOW.getTime() + 10 * 60_000);
    expect(await refreshDashboard({ db: w.db, institutionId: w.inst.id, timeZone: "America/Chicago", now: later })).toEqual({
      refreshed: true,
      from: "2026-12-06",
      to: "2026-12-09",
    });
    let d = await getDashboard({ ctx: { db: w.db, actor: w.actor, now: later } });
    expect(d.weeks.map((x) => x.texts).slice(-3)).toEqual([0, 0, 1]);

    await w.db.update(institutions).set({ timeZone: "America/New_York" }).where(eq(institutions.id, w.inst.id));
    d = await getDashboard({ ctx: { db: w.db, actor: w.actor, now: later } });
    expect(d.timeZone).toBe("America/New_York");
    expect(d.weeks.map((x) => x.texts).slice(-3)).toEqual([1, 0, 1]);
  });

  it("is for administrators only", async () => {
    const w = await world();
    const advisor = (await loadActor(w.db, w.userA.id))!;
    const operator = (await loadActor(w.db, (await createUser(w.db, w.inst, { operator: true })).id))!;
    for (const actor of [advisor, operator]) {
      const refused = await getDashboard({ ctx: { db: w.db, actor, now: NOW } }).catch((e: unknown) => e);
      expect(isAppError(refused) && refused.code).toBe("FORBIDDEN");
    }
  });
});
