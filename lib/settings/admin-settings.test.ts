import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { mailOutbox, settingsAudit, smsUsageMonthly } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { listPhoneNumberUsage } from "@/lib/system-numbers/list-phone-number-usage";
import { releaseSystemNumber } from "@/lib/system-numbers/release-system-number";
import { getSettingsOptions } from "./get-settings-options";
import { getSmsSettings } from "./get-sms-settings";
import { getTwilioUsage } from "./get-twilio-usage";
import { listSettingsChanges } from "./list-settings-changes";
import { sendTestReplyEmail } from "./send-test-reply-email";
import { updateSmsSettings } from "./update-sms-settings";
import { startResendStandIn } from "@/test/resend-stand-in";

/** 22:00 on 31 March in Chicago: still March there, already April in UTC. */
const now = new Date("2025-04-01T03:00:00Z");
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

let inst: FactoryInstitution;
let other: FactoryInstitution;
const actors = {} as Record<"admin" | "operator" | "staff" | "student" | "otherAdmin", Actor>;

/** The Resend edge: the local stand-in behind real HTTP (test/resend-stand-in.ts). */
let resend: Awaited<ReturnType<typeof startResendStandIn>>;
beforeAll(async () => {
  resend = await startResendStandIn();
});
afterAll(() => resend.close());

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db, { smsMonthlyLimit: 300, smsPhoneNumberLimit: 4 });
  other = await createInstitution(db, { smsMonthlyLimit: 999, smsPhoneNumberLimit: 9 });
  const load = async (userId: string) => (await loadActor(db, userId))!;
  actors.admin = await load((await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"], firstName: "Ada", lastName: "Admin" }))).id);
  actors.operator = await load((await createUser(db, inst, { operator: true })).id);
  actors.staff = await load((await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }))).id);
  actors.student = await load((await createUser(db, await createPerson(db, inst, { kind: "student" }))).id);
  actors.otherAdmin = await load((await createUser(db, await createPerson(db, other, { kind: "staff", roles: ["ADMIN"] }))).id);

  await createSystemNumbers(db, inst, 6);
  for (const p of [actors.admin, actors.staff]) {
    await assignSystemNumber(db, { institutionId: inst.id, userId: p.userId, personId: p.personId!, now });
  }
  await db.insert(smsUsageMonthly).values([
    { institutionId: inst.id, month: "2025-03-01", sentCount: 120 },
    { institutionId: inst.id, month: "2025-01-01", sentCount: 40 },
    { institutionId: inst.id, month: "2024-04-01", sentCount: 7 },
    { institutionId: inst.id, month: "2024-03-01", sentCount: 999 },
    { institutionId: inst.id, month: "2025-04-01", sentCount: 5 },
    { institutionId: other.id, month: "2025-03-01", sentCount: 77 },
  ]);
});

describe("getTwilioUsage", () => {
  it("counts this month in the institution's time zone, charts the last 12 months and the assigned numbers", async () => {
    const usage = await getTwilioUsage({ ctx: ctx(actors.admin) });
    expect(usage).toMatchObject({
      month: "2025-03-01",
      timeZone: "America/Chicago",
      sentThisMonth: 120,
      smsMonthlyLimit: 300,
      numbersAssigned: 2,
      smsPhoneNumberLimit: 4,
      poolSize: 6,
    });
    expect(usage.history).toHaveLength(12);
    expect(usage.history[0]).toEqual({ month: "2024-04-01", sent: 7 });
    expect(usage.history.filter((h) => h.sent > 0)).toEqual([
      { month: "2024-04-01", sent: 7 },
      { month: "2025-01-01", sent: 40 },
      { month: "2025-03-01", sent: 120 },
    ]);
    expect(usage.history[11].month).toBe("2025-03-01");
  });

  it("shows another institution only its own figures", async () => {
    expect(await getTwilioUsage({ ctx: ctx(actors.otherAdmin) })).toMatchObject({ sentThisMonth: 77, smsMonthlyLimit: 999, numbersAssigned: 0, poolSize: 0 });
  });
});

describe("getSettingsOptions", () => {
  it("offers the staff roles for Permitted Roles and the phone types without System", async () => {
    const options = await getSettingsOptions({ ctx: ctx(actors.admin) });
    expect(options.staffRoles.map((r) => r.code).sort()).toEqual(["ADMIN", "ADVISOR", "COACH", "FACULTY"]);
    expect(options.phoneTypes.map((t) => t.srcSystemId).sort()).toEqual(["CELL", "HOME", "WORK"]);
  });
});

describe("sendTestReplyEmail", () => {
  /** What the Resend stand-in took for `inst`, as the Mail outbox page shows it. */
  const mailed = async () =>
    (await getDb().select().from(mailOutbox).where(eq(mailOutbox.institutionId, inst.id)).orderBy(asc(mailOutbox.id))).map((m) => ({
      id: m.providerId,
      to: m.toAddresses,
      subject: m.subject,
      text: m.textBody,
      html: m.htmlBody,
    }));

  it("emails the administrator the template as typed, filled with sample values", async () => {
    const result = await sendTestReplyEmail(
      { ctx: ctx(actors.admin), input: { replyEmailSubject: "Reply from {{replierName}}", replyEmailBody: "Hi {{ staffName }},\n{{replyText}}\n<{{conversationLink}}>" } },
      { resend: resend.client(), publicBaseUrl: "https://sms.example.edu/" },
    );
    const sent = await mailed();
    expect(sent).toEqual([
      {
        id: expect.any(String),
        to: [actors.admin.email],
        subject: "[Test] Reply from Maya Patel",
        text: "Hi Ada Admin,\nThanks! Can we meet on Tuesday at 2pm instead?\n<https://sms.example.edu/messages>",
        html: 'Hi Ada Admin,<br>\nThanks! Can we meet on Tuesday at 2pm instead?<br>\n&lt;<a href="https://sms.example.edu/messages">https://sms.example.edu/messages</a>&gt;',
      },
    ]);
    expect(result).toEqual({ to: actors.admin.email, emailId: sent[0].id });
  });

  it("refuses an unknown placeholder or an empty subject, naming the field, and sends nothing", async () => {
    const before = await mailed();
    const err = await sendTestReplyEmail({ ctx: ctx(actors.admin), input: { replyEmailSubject: " ", replyEmailBody: "{{studentName}}" } }, { resend: resend.client() }).catch((e) => e);
    expect(err).toMatchObject({ code: "VALIDATION" });
    expect(Object.keys(err.fieldErrors).sort()).toEqual(["replyEmailBody", "replyEmailSubject"]);
    expect(err.fieldErrors.replyEmailBody).toContain("Unknown placeholder {{studentName}}");
    expect(await mailed()).toEqual(before);
  });
});

describe("listSettingsChanges", () => {
  it("lists who changed what, when, from what to what, newest first, per screen", async () => {
    const db = getDb();
    const sameAs = (d: Date) => ({ ctx: { db, actor: actors.admin, now: d } });
    await updateSmsSettings({ ...sameAs(new Date("2025-03-01T10:00:00Z")), input: { smsMaxLength: 700 } });
    await updateSmsSettings({ ...sameAs(new Date("2025-03-02T10:00:00Z")), input: { smsMaxLength: 640, studentDefaultStatus: "OPTED_OUT" } });
    expect((await listSettingsChanges({ ctx: ctx(actors.admin), input: { scopes: ["APPLICATION"] } })).map(({ field, oldValue, newValue, changedByName, changedAt }) => ({ field, oldValue, newValue, changedByName, changedAt }))).toEqual([
      { field: "smsMaxLength", oldValue: 700, newValue: 640, changedByName: "Ada Admin", changedAt: new Date("2025-03-02T10:00:00Z") },
      { field: "smsMaxLength", oldValue: 1000, newValue: 700, changedByName: "Ada Admin", changedAt: new Date("2025-03-01T10:00:00Z") },
    ]);
    expect((await listSettingsChanges({ ctx: ctx(actors.admin), input: { scopes: ["SMS_GENERAL"] } })).map((c) => c.field)).toEqual(["studentDefaultStatus"]);
    expect(await listSettingsChanges({ ctx: ctx(actors.otherAdmin), input: { scopes: ["APPLICATION", "SMS_GENERAL"] } })).toEqual([]);
    await expect(listSettingsChanges({ ctx: ctx(actors.admin), input: { scopes: ["PASSWORDS" as "APPLICATION"] } })).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

/**
 * Every service of the Administration screens, per role: what each may do. `true` = allowed;
 * otherwise the error code. Refusals change nothing (checked by the audit count).
 */
describe("authorization per role", () => {
  const assignmentOf = async () =>
    (await listPhoneNumberUsage({ ctx: ctx(actors.admin), input: {} })).items.find((i) => i.email === actors.staff.email)?.assignmentId ??
    "00000000-0000-4000-8000-000000000000";
  const standIn = () => ({ resend: resend.client(), publicBaseUrl: "http://localhost" });
  const cases: [string, (a: Actor) => Promise<unknown>, Record<"admin" | "operator" | "staff" | "student", true | string>][] = [
    ["read SMS settings", (a) => getSmsSettings({ ctx: ctx(a) }), { admin: true, operator: true, staff: "FORBIDDEN", student: "FORBIDDEN" }],
    ["read setting choices", (a) => getSettingsOptions({ ctx: ctx(a) }), { admin: true, operator: true, staff: "FORBIDDEN", student: "FORBIDDEN" }],
    ["read Twilio usage", (a) => getTwilioUsage({ ctx: ctx(a) }), { admin: true, operator: true, staff: "FORBIDDEN", student: "FORBIDDEN" }],
    ["list number usage", (a) => listPhoneNumberUsage({ ctx: ctx(a), input: {} }), { admin: true, operator: true, staff: "FORBIDDEN", student: "FORBIDDEN" }],
    ["list changes", (a) => listSettingsChanges({ ctx: ctx(a), input: { scopes: ["SMS_LIMITS"] } }), { admin: true, operator: true, staff: "FORBIDDEN", student: "FORBIDDEN" }],
    [
      "save General Settings",
      (a) => updateSmsSettings({ ctx: ctx(a), input: { staffDefaultStatus: "OPTED_IN" } }),
      { admin: true, operator: "FORBIDDEN", staff: "FORBIDDEN", student: "FORBIDDEN" },
    ],
    ["save smsMaxLength", (a) => updateSmsSettings({ ctx: ctx(a), input: { smsMaxLength: 900 } }), { admin: true, operator: "FORBIDDEN", staff: "FORBIDDEN", student: "FORBIDDEN" }],
    ["save a limit", (a) => updateSmsSettings({ ctx: ctx(a), input: { smsMonthlyLimit: a.capabilities.operator ? 350 : 360 } }), { admin: "FORBIDDEN", operator: true, staff: "FORBIDDEN", student: "FORBIDDEN" }],
    [
      "send a test email",
      (a) => sendTestReplyEmail({ ctx: ctx(a), input: { replyEmailSubject: "s", replyEmailBody: "b" } }, standIn()),
      { admin: true, operator: "FORBIDDEN", staff: "FORBIDDEN", student: "FORBIDDEN" },
    ],
    [
      "remove a number assignment",
      async (a) => releaseSystemNumber({ ctx: ctx(a), input: { assignmentId: await assignmentOf() } }),
      { admin: true, operator: "FORBIDDEN", staff: "FORBIDDEN", student: "FORBIDDEN" },
    ],
  ];
  const roles = ["student", "staff", "operator", "admin"] as const;

  it.each(cases)("%s", async (_what, run, expected) => {
    for (const role of roles) {
      const auditBefore = await getDb().select().from(settingsAudit).where(eq(settingsAudit.institutionId, inst.id)).orderBy(asc(settingsAudit.id));
      const outcome = await run(actors[role]).then(
        () => true as const,
        (e: { code?: string }) => e.code ?? String(e),
      );
      expect({ role, outcome }).toEqual({ role, outcome: expected[role] });
      if (outcome !== true) {
        expect(await getDb().select().from(settingsAudit).where(eq(settingsAudit.institutionId, inst.id)).orderBy(asc(settingsAudit.id))).toEqual(auditBefore);
      }
    }
  });
});
