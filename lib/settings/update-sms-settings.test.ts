import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { appSettings, institutions, settingsAudit, smsPermittedRoles, smsSettings } from "@/db/schema";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { getSmsSettings } from "./get-sms-settings";
import { NO_PERMITTED_ROLES_MESSAGE, updateSmsSettings } from "./update-sms-settings";

let inst: FactoryInstitution;
let admin: Actor;
let operator: Actor;
let advisor: Actor;
const now = new Date("2025-04-02T08:00:00Z");
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

const audit = () => getDb().select().from(settingsAudit).where(eq(settingsAudit.institutionId, inst.id)).orderBy(asc(settingsAudit.id));

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db, { smsMonthlyLimit: 500, smsPhoneNumberLimit: 5, quietHoursEnabled: undefined });
  const adminPerson = await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] });
  admin = (await loadActor(db, (await createUser(db, adminPerson)).id))!;
  operator = (await loadActor(db, (await createUser(db, inst, { operator: true })).id))!;
  const advisorPerson = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
  advisor = (await loadActor(db, (await createUser(db, advisorPerson)).id))!;
});

describe("SMS settings", () => {
  it("reads General Settings, Email Notifications, the limits and smsMaxLength", async () => {
    expect(await getSmsSettings({ ctx: ctx(admin) })).toEqual({
      studentDefaultStatus: "OPTED_IN",
      staffDefaultStatus: "OPTED_OUT",
      defaultPhoneTypeSrcSystemId: "CELL",
      permittedRoleCodes: ["ADMIN", "ADVISOR", "COACH"],
      replyEmailSubject: "{{replierName}} replied to your text",
      replyEmailBody: expect.stringContaining("{{conversationLink}}"),
      smsMonthlyLimit: 500,
      smsPhoneNumberLimit: 5,
      smsMaxLength: 1000,
      quietHoursEnabled: true,
      quietWindowStart: null,
      quietWindowEnd: null,
      quietReplyExemptMinutes: 60,
      firstContactFooter: null,
    });
    await expect(getSmsSettings({ ctx: ctx(advisor) })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("creates missing settings rows with defaults on first read", async () => {
    const db = getDb();
    const bare = await createInstitution(db);
    await db.delete(smsSettings).where(eq(smsSettings.institutionId, bare.id));
    await db.delete(appSettings).where(eq(appSettings.institutionId, bare.id));
    const person = await createPerson(db, bare, { kind: "staff", roles: ["ADMIN"] });
    const actor = (await loadActor(db, (await createUser(db, person)).id))!;
    expect(await getSmsSettings({ ctx: ctx(actor) })).toMatchObject({ studentDefaultStatus: "OPTED_OUT", defaultPhoneTypeSrcSystemId: null, smsMaxLength: 1000 });
  });

  it("lets an administrator change general and email settings, auditing each changed field", async () => {
    const after = await updateSmsSettings({
      ctx: ctx(admin),
      input: {
        staffDefaultStatus: "OPTED_IN",
        studentDefaultStatus: "OPTED_IN",
        defaultPhoneTypeSrcSystemId: "HOME",
        permittedRoleCodes: ["FACULTY", "ADVISOR", "ADVISOR"],
        replyEmailSubject: "Reply from {{ replierName }}",
        smsMaxLength: 480,
        smsMonthlyLimit: 500,
      },
    });
    expect(after).toMatchObject({ staffDefaultStatus: "OPTED_IN", defaultPhoneTypeSrcSystemId: "HOME", permittedRoleCodes: ["ADVISOR", "FACULTY"], smsMaxLength: 480, smsMonthlyLimit: 500 });
    const rows = await audit();
    expect(rows.map(({ scope, field, oldValue, newValue, changedByUserId, changedAt }) => ({ scope, field, oldValue, newValue, changedByUserId, changedAt }))).toEqual([
      { scope: "SMS_GENERAL", field: "staffDefaultStatus", oldValue: "OPTED_OUT", newValue: "OPTED_IN", changedByUserId: admin.userId, changedAt: now },
      { scope: "SMS_GENERAL", field: "defaultPhoneTypeSrcSystemId", oldValue: "CELL", newValue: "HOME", changedByUserId: admin.userId, changedAt: now },
      { scope: "SMS_GENERAL", field: "permittedRoleCodes", oldValue: ["ADMIN", "ADVISOR", "COACH"], newValue: ["ADVISOR", "FACULTY"], changedByUserId: admin.userId, changedAt: now },
      { scope: "SMS_EMAIL", field: "replyEmailSubject", oldValue: "{{replierName}} replied to your text", newValue: "Reply from {{ replierName }}", changedByUserId: admin.userId, changedAt: now },
      { scope: "APPLICATION", field: "smsMaxLength", oldValue: 1000, newValue: 480, changedByUserId: admin.userId, changedAt: now },
    ]);
    const permitted = await getDb().select().from(smsPermittedRoles).where(eq(smsPermittedRoles.institutionId, inst.id));
    expect(permitted.map((p) => p.roleId).sort()).toEqual([inst.roles.ADVISOR.id, inst.roles.FACULTY.id].sort());
  });

  it("refuses an administrator's limit change with FORBIDDEN and changes nothing, not even the other fields", async () => {
    const before = await getSmsSettings({ ctx: ctx(admin) });
    const auditBefore = (await audit()).length;
    await expect(
      updateSmsSettings({ ctx: ctx(admin), input: { smsMonthlyLimit: 100000, staffDefaultStatus: "OPTED_OUT" } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", status: 403, message: expect.stringContaining("Only the platform operator can change smsMonthlyLimit") });
    await expect(updateSmsSettings({ ctx: ctx(admin), input: { smsPhoneNumberLimit: 6 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getSmsSettings({ ctx: ctx(admin) })).toEqual(before);
    expect(await audit()).toHaveLength(auditBefore);
  });

  it("lets the operator change the limits (audited) but not the general settings", async () => {
    // The pool here is empty: a number limit above it is saved only once the warning is confirmed.
    const auditBefore = (await audit()).length;
    await expect(updateSmsSettings({ ctx: ctx(operator), input: { smsMonthlyLimit: 2500, smsPhoneNumberLimit: 8 } })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'The pool has only 0 numbers; a limit of 8 cannot be reached until numbers are added. Send "confirmLimitWarnings": true to save anyway.',
    });
    expect(await audit()).toHaveLength(auditBefore);
    const after = await updateSmsSettings({ ctx: ctx(operator), input: { smsMonthlyLimit: 2500, smsPhoneNumberLimit: 8, confirmLimitWarnings: true } });
    expect(after).toMatchObject({ smsMonthlyLimit: 2500, smsPhoneNumberLimit: 8 });
    const [row] = await getDb().select().from(institutions).where(eq(institutions.id, inst.id));
    expect(row).toMatchObject({ smsMonthlyLimit: 2500, smsPhoneNumberLimit: 8 });
    expect((await audit()).slice(-2).map((a) => [a.scope, a.field, a.oldValue, a.newValue, a.changedByUserId])).toEqual([
      ["SMS_LIMITS", "smsMonthlyLimit", 500, 2500, operator.userId],
      ["SMS_LIMITS", "smsPhoneNumberLimit", 5, 8, operator.userId],
    ]);
    await expect(updateSmsSettings({ ctx: ctx(operator), input: { staffDefaultStatus: "OPTED_OUT" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateSmsSettings({ ctx: ctx(advisor), input: { smsMaxLength: 10 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it.each([
    ["a student role", { permittedRoleCodes: ["ADVISOR", "STUDENT"] }, "permittedRoleCodes[1]"],
    ["an unknown role", { permittedRoleCodes: ["GHOST"] }, "permittedRoleCodes[0]"],
    ["the System phone type", { defaultPhoneTypeSrcSystemId: "AVISO.SYSTEM" }, "defaultPhoneTypeSrcSystemId"],
    ["an unknown phone type", { defaultPhoneTypeSrcSystemId: "FAX" }, "defaultPhoneTypeSrcSystemId"],
    ["smsMaxLength above Twilio's 1600", { smsMaxLength: 1601 }, "smsMaxLength"],
    ["an unknown placeholder", { replyEmailBody: "Hi {{studentName}}" }, "replyEmailBody"],
    ["a negative limit", { smsMonthlyLimit: -1 }, "smsMonthlyLimit"],
    ["an unknown field", { twilioToken: "x" }, "twilioToken"],
  ])("refuses %s with 400 naming the field and changes nothing", async (_what, input, field) => {
    const before = await getSmsSettings({ ctx: ctx(admin) });
    const auditBefore = (await audit()).length;
    const err = await updateSmsSettings({ ctx: ctx(admin), input: { staffDefaultStatus: "OPTED_IN", ...input } }).catch((e) => e);
    expect(err).toMatchObject({ code: "VALIDATION", status: 400 });
    expect(Object.keys(err.fieldErrors)).toEqual([field]);
    expect(await getSmsSettings({ ctx: ctx(admin) })).toEqual(before);
    expect(await audit()).toHaveLength(auditBefore);
  });
  it("writes no history row for a save that changes nothing, a body sent with CRLF line breaks included (issue 15.1)", async () => {
    const current = await getSmsSettings({ ctx: ctx(admin) });
    const auditBefore = (await audit()).length;
    const { smsMonthlyLimit: _m, smsPhoneNumberLimit: _p, ...editable } = current;
    const after = await updateSmsSettings({
      ctx: ctx(admin),
      // As a browser submits the form: every field, the textarea's line breaks as CRLF, roles in another order.
      input: { ...editable, replyEmailBody: current.replyEmailBody.replace(/\n/g, "\r\n"), permittedRoleCodes: [...current.permittedRoleCodes].reverse() },
    });
    expect(current.replyEmailBody).toContain("\n");
    expect(after).toEqual(current);
    expect(await audit()).toHaveLength(auditBefore);
  });

  it("stores a changed body with LF line breaks and records old and new as they are stored", async () => {
    const before = await getSmsSettings({ ctx: ctx(admin) });
    const auditBefore = (await audit()).length;
    const after = await updateSmsSettings({ ctx: ctx(admin), input: { replyEmailBody: "Hello {{staffName}},\r\n\r\nSee {{conversationLink}}" } });
    expect(after.replyEmailBody).toBe("Hello {{staffName}},\n\nSee {{conversationLink}}");
    const rows = (await audit()).slice(auditBefore);
    expect(rows.map((r) => [r.field, r.oldValue, r.newValue])).toEqual([["replyEmailBody", before.replyEmailBody, "Hello {{staffName}},\n\nSee {{conversationLink}}"]]);
  });

  it("refuses an empty Permitted Roles list unless confirmed, then saves and audits it (issue 15.2)", async () => {
    const before = await getSmsSettings({ ctx: ctx(admin) });
    expect(before.permittedRoleCodes.length).toBeGreaterThan(0);
    const auditBefore = (await audit()).length;
    const err = await updateSmsSettings({ ctx: ctx(admin), input: { permittedRoleCodes: [] } }).catch((e) => e);
    expect(err).toMatchObject({ code: "VALIDATION", status: 400 });
    expect(err.fieldErrors).toEqual({ permittedRoleCodes: NO_PERMITTED_ROLES_MESSAGE });
    expect(await getSmsSettings({ ctx: ctx(admin) })).toEqual(before);
    expect(await audit()).toHaveLength(auditBefore);

    const after = await updateSmsSettings({ ctx: ctx(admin), input: { permittedRoleCodes: [], confirmNoPermittedRoles: true } });
    expect(after.permittedRoleCodes).toEqual([]);
    expect(await getDb().select().from(smsPermittedRoles).where(eq(smsPermittedRoles.institutionId, inst.id))).toEqual([]);
    expect((await audit()).slice(auditBefore).map((r) => [r.field, r.oldValue, r.newValue])).toEqual([["permittedRoleCodes", before.permittedRoleCodes, []]]);
    // Saving the empty list again changes nothing, so needs no confirmation and records nothing.
    await updateSmsSettings({ ctx: ctx(admin), input: { permittedRoleCodes: [] } });
    expect(await audit()).toHaveLength(auditBefore + 1);
    await updateSmsSettings({ ctx: ctx(admin), input: { permittedRoleCodes: before.permittedRoleCodes } });
  });
  it("sets, audits and removes the first-contact footer (SPEC §10); refuses merge fields and over 160 characters", async () => {
    const before = (await audit()).length;
    const set = await updateSmsSettings({ ctx: ctx(admin), input: { firstContactFooter: "  Reply STOP to opt out " } });
    expect(set.firstContactFooter).toBe("Reply STOP to opt out");
    await updateSmsSettings({ ctx: ctx(admin), input: { firstContactFooter: "Reply STOP to opt out" } });
    await expect(updateSmsSettings({ ctx: ctx(admin), input: { firstContactFooter: "Hi {{firstName}}" } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { firstContactFooter: "The footer is the same for everyone: no merge fields." },
    });
    await expect(updateSmsSettings({ ctx: ctx(admin), input: { firstContactFooter: "x".repeat(161) } })).rejects.toMatchObject({
      fieldErrors: { firstContactFooter: "At most 160 characters." },
    });
    await expect(updateSmsSettings({ ctx: ctx(advisor), input: { firstContactFooter: "x" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await updateSmsSettings({ ctx: ctx(admin), input: { firstContactFooter: "" } })).firstContactFooter).toBeNull();
    const rows = (await audit()).slice(before);
    expect(rows.map((r) => [r.scope, r.field, r.oldValue, r.newValue, r.changedByUserId])).toEqual([
      ["SMS_GENERAL", "firstContactFooter", null, "Reply STOP to opt out", admin.userId],
      ["SMS_GENERAL", "firstContactFooter", "Reply STOP to opt out", null, admin.userId],
    ]);
  });
});
