import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { institutions, mailOutbox } from "@/db/schema";
import { insertEventAt, insertMessageAt, setMonthlyUsage } from "@/db/testing/health";
import { loadActor } from "@/lib/auth/load-actor";
import { isAppError } from "@/lib/errors";
import { providerContext } from "@/lib/service-context";
import { startResendStandIn } from "@/test/resend-stand-in";
import { newSid } from "@/test/twilio-webhooks";
import { emailHealthAlerts } from "./email-health-alerts";
import { getInstitutionHealth, runHealthCheck } from "./institution-health";

const NOW = new Date("2026-12-09T18:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

let resend: Awaited<ReturnType<typeof startResendStandIn>>;
beforeAll(async () => {
  resend = await startResendStandIn();
});
afterAll(() => resend.close());

/** An institution with two administrators (who get the alerts), quiet otherwise: no numbers, nobody waiting. */
async function world(overrides: { smsMonthlyLimit?: number; smsPhoneNumberLimit?: number } = {}) {
  const db = getDb();
  const inst = await createInstitution(db, { permittedRoles: ["ADVISOR"], ...overrides });
  const admins = [];
  for (const name of ["Ada", "Ben"]) admins.push(await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"], firstName: name })));
  const actor = (await loadActor(db, admins[0].id))!;
  return { db, inst, admins, actor };
}
type World = Awaited<ReturnType<typeof world>>;

const check = (w: World, now = NOW) => runHealthCheck({ db: w.db, institutionId: w.inst.id, timeZone: "America/Chicago", now });
const sendAlerts = (w: World, now = NOW) => emailHealthAlerts({ ctx: providerContext(w.db, "worker", now), publicBaseUrl: "https://sms.example.edu", resend: resend.client() });

async function mailed(w: World) {
  const rows = await w.db.select().from(mailOutbox).where(eq(mailOutbox.institutionId, w.inst.id)).orderBy(asc(mailOutbox.id));
  return rows.map((m) => ({ to: m.toAddresses, subject: m.subject }));
}

describe("the monthly limit", () => {
  it("warns at 80 % and 100 %, each emailed to the administrators once, once per month", async () => {
    const w = await world({ smsMonthlyLimit: 1000 });
    const to = w.admins.map((a) => a.email).sort();
    await setMonthlyUsage(w.db, w.inst.id, "2026-12-01", 799);
    expect((await check(w)).alerts).toEqual([]);

    await setMonthlyUsage(w.db, w.inst.id, "2026-12-01", 800);
    const first = await check(w);
    const second = await check(w);
    expect(first.status).toBe("warning");
    expect(second.alerts.map((a) => [a.key, a.level, a.emailedAt])).toEqual([["monthly-limit:80:2026-12", "warning", null]]);
    expect(second.monthlyLimit).toEqual({ month: "2026-12", used: 800, limit: 1000, percent: 80 });
    expect(await sendAlerts(w)).toBeGreaterThanOrEqual(1);
    await sendAlerts(w);
    await check(w);
    expect(await mailed(w)).toEqual([{ to, subject: "Warning: Monthly text limit 80 % used" }]);

    // The operator raises the limit: the month's 80 % alert stays (once per month), no new email.
    await w.db.update(institutions).set({ smsMonthlyLimit: 2000 }).where(eq(institutions.id, w.inst.id));
    expect((await check(w)).alerts.map((a) => a.key)).toEqual(["monthly-limit:80:2026-12"]);
    await w.db.update(institutions).set({ smsMonthlyLimit: 1000 }).where(eq(institutions.id, w.inst.id));

    await setMonthlyUsage(w.db, w.inst.id, "2026-12-01", 1000);
    const full = await check(w);
    expect(full.status).toBe("critical");
    expect(full.alerts.map((a) => a.key)).toEqual(["monthly-limit:100:2026-12", "monthly-limit:80:2026-12"]);
    await sendAlerts(w);
    await sendAlerts(w);
    expect((await mailed(w)).map((m) => m.subject)).toEqual(["Warning: Monthly text limit 80 % used", "Critical: Monthly text limit reached"]);

    // January in Chicago: December's alerts close, and January starts with none.
    const january = new Date("2027-01-01T06:30:00Z");
    const next = await check(w, january);
    expect(next.monthlyLimit).toMatchObject({ month: "2027-01", used: 0 });
    expect(next.alerts).toEqual([]);
  });

  it("emails only the 100 % alert when a check finds both levels at once", async () => {
    const w = await world({ smsMonthlyLimit: 10 });
    await setMonthlyUsage(w.db, w.inst.id, "2026-12-01", 10);
    const report = await check(w);
    expect(report.alerts.map((a) => [a.key, a.emailedAt === null])).toEqual([
      ["monthly-limit:100:2026-12", true],
      ["monthly-limit:80:2026-12", false],
    ]);
    await sendAlerts(w);
    expect((await mailed(w)).map((m) => m.subject)).toEqual(["Critical: Monthly text limit reached"]);
  });
});

describe("the number pool", () => {
  it("compares permitted staff without a number with the numbers available: 80 % warns, 100 % is critical", async () => {
    const w = await world({ smsPhoneNumberLimit: 10 });
    await createSystemNumbers(w.db, w.inst, 6);
    // One advisor already holds a number: 5 are left. Faculty (not permitted), a disabled advisor and students do not count.
    const holder = await createPerson(w.db, w.inst, { kind: "staff", roles: ["ADVISOR"] });
    const holderUser = await createUser(w.db, holder);
    await assignSystemNumber(w.db, { institutionId: w.inst.id, userId: holderUser.id, personId: holder.id, now: NOW });
    await createUser(w.db, await createPerson(w.db, w.inst, { kind: "staff", roles: ["FACULTY"] }));
    await createUser(w.db, await createPerson(w.db, w.inst, { kind: "staff", roles: ["ADVISOR"] }), { disabled: true });
    await createUser(w.db, await createPerson(w.db, w.inst));
    const addWaiting = async (n: number) => {
      for (let i = 0; i < n; i++) await createUser(w.db, await createPerson(w.db, w.inst, { kind: "staff", roles: ["ADVISOR"] }));
    };

    await addWaiting(3);
    let report = await check(w);
    expect(report.numberPool).toEqual({ freeNumbers: 5, assigned: 1, limit: 10, available: 5, staffWithoutNumber: 3, percent: 60 });
    expect(report.alerts).toEqual([]);
    await addWaiting(1);
    report = await check(w);
    expect(report.numberPool.percent).toBe(80);
    expect(report.alerts.map((a) => [a.key, a.level])).toEqual([["number-pool:80", "warning"]]);
    await addWaiting(1);
    report = await check(w);
    expect(report.numberPool.percent).toBe(100);
    expect(report.alerts.map((a) => [a.key, a.level])).toEqual([
      ["number-pool:100", "critical"],
      ["number-pool:80", "warning"],
    ]);
    await sendAlerts(w);
    await sendAlerts(w);
    expect((await mailed(w)).map((m) => m.subject)).toEqual(["Warning: System numbers running low", "Critical: No spare system numbers"]);

    // Numbers added to the pool: both alerts close; running low again later is a new event.
    await createSystemNumbers(w.db, w.inst, 4);
    expect((await check(w)).alerts).toEqual([]);
  });
});

describe("webhooks", () => {
  it("reports the last callback and inbound text, and calls callbacks stopped only when a handed-over text has had none for 15 minutes", async () => {
    const w = await world();
    const sent = await insertMessageAt(w.db, w.inst.id, { status: "queued", providerId: newSid(), at: minutesAgo(40) });
    await insertEventAt(w.db, w.inst.id, { messageId: sent, status: "queued", source: "TWILIO", at: minutesAgo(40) });
    const earlier = await insertMessageAt(w.db, w.inst.id, { status: "delivered", providerId: newSid(), at: minutesAgo(90) });
    await insertEventAt(w.db, w.inst.id, { messageId: earlier, status: "delivered", source: "TWILIO", at: minutesAgo(89) });
    await insertMessageAt(w.db, w.inst.id, { direction: "INBOUND", status: "received", at: minutesAgo(30) });

    let report = await check(w);
    expect(report.webhooks).toMatchObject({
      lastStatusCallbackAt: minutesAgo(89).toISOString(),
      lastInboundTextAt: minutesAgo(30).toISOString(),
    });
    expect(report.alerts.map((a) => [a.key, a.level])).toEqual([["webhooks:callbacks-stopped", "critical"]]);

    // Its callback arrives: the alert closes.
    await insertEventAt(w.db, w.inst.id, { messageId: sent, status: "sent", source: "TWILIO", at: minutesAgo(1) });
    report = await check(w);
    expect(report.webhooks.lastStatusCallbackAt).toBe(minutesAgo(1).toISOString());
    expect(report.alerts).toEqual([]);
  });

  it("counts texts waiting over 10 minutes for a final status, and what reconciliation found", async () => {
    const w = await world();
    for (let i = 0; i < 25; i++) await insertMessageAt(w.db, w.inst.id, { status: "sent", providerId: newSid(), at: minutesAgo(30), updatedAt: minutesAgo(11) });
    await insertMessageAt(w.db, w.inst.id, { status: "sent", providerId: newSid(), at: minutesAgo(9), updatedAt: minutesAgo(9) }); // not 10 min yet
    await insertMessageAt(w.db, w.inst.id, { status: "sent", providerId: newSid(), at: minutesAgo(80 * 60), updatedAt: minutesAgo(80 * 60) }); // given up (72 h)
    const found = await insertMessageAt(w.db, w.inst.id, { status: "delivered", providerId: newSid(), at: minutesAgo(60) });
    await insertEventAt(w.db, w.inst.id, { messageId: found, status: "delivered", source: "RECONCILIATION", at: minutesAgo(5) });
    const lost = await insertMessageAt(w.db, w.inst.id, { status: "sent", providerId: newSid(), at: minutesAgo(73 * 60) });
    await insertEventAt(w.db, w.inst.id, { messageId: lost, status: "sent", source: "RECONCILIATION", at: minutesAgo(5), expired: true });

    const report = await check(w);
    expect(report.webhooks.waitingForFinalStatus).toBe(25);
    expect(report.webhooks.reconciliationLast24h).toEqual([
      { status: "delivered", gaveUp: false, count: 1 },
      { status: "sent", gaveUp: true, count: 1 },
    ]);
    expect(report.alerts.map((a) => a.key)).toEqual(["webhooks:waiting"]);
  });
});

describe("getInstitutionHealth", () => {
  it("shows an administrator their own institution's alerts only, and refuses everyone else", async () => {
    const w = await world({ smsMonthlyLimit: 10 });
    const lake = await world({ smsMonthlyLimit: 10 });
    await setMonthlyUsage(w.db, w.inst.id, "2026-12-01", 9);
    const mine = await getInstitutionHealth({ ctx: { db: w.db, actor: w.actor, now: NOW } });
    const theirs = await getInstitutionHealth({ ctx: { db: lake.db, actor: lake.actor, now: NOW } });
    expect(mine.alerts.map((a) => a.key)).toEqual(["monthly-limit:80:2026-12"]);
    expect(theirs.alerts).toEqual([]);
    expect(theirs.monthlyLimit.used).toBe(0);

    const advisor = (await loadActor(w.db, (await createUser(w.db, await createPerson(w.db, w.inst, { kind: "staff" }))).id))!;
    const refused = await getInstitutionHealth({ ctx: { db: w.db, actor: advisor, now: NOW } }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe("FORBIDDEN");
  });
});
