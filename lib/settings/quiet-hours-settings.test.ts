import { asc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { settingsAudit, smsSettings } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";

/*
 * Quiet Hours on SMS Configuration (SPEC §9): the server action as the form submits it, and
 * the service as PATCH /api/v1/sms-settings calls it. Every refused save changes nothing.
 */

const state = vi.hoisted(() => ({ actor: null as unknown, revalidated: [] as string[] }));

// The session is Next's and Auth.js's business; here the signed-in actor is given.
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  requireActor: async () => state.actor,
}));
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => state.revalidated.push(p) }));

const { saveQuietHours } = await import("@/lib/actions/settings/sms-configuration");
const { getSmsSettings } = await import("./get-sms-settings");
const { updateSmsSettings } = await import("./update-sms-settings");

let inst: FactoryInstitution;
let other: FactoryInstitution;
let admin: Actor;
let otherAdmin: Actor;
let advisor: Actor;
let operator: Actor;
const now = new Date("2026-12-07T15:00:00Z"); // for the service; the form's action uses the clock
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

async function actorOf(i: FactoryInstitution, role: "ADMIN" | "ADVISOR") {
  const person = await createPerson(getDb(), i, { kind: "staff", roles: [role] });
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}

const audit = (institutionId: string) =>
  getDb()
    .select({ scope: settingsAudit.scope, field: settingsAudit.field, oldValue: settingsAudit.oldValue, newValue: settingsAudit.newValue, by: settingsAudit.changedByUserId, at: settingsAudit.changedAt })
    .from(settingsAudit)
    .where(eq(settingsAudit.institutionId, institutionId))
    .orderBy(asc(settingsAudit.id));

async function storedRow(institutionId: string) {
  const [row] = await getDb()
    .select({
      enabled: smsSettings.quietHoursEnabled,
      start: smsSettings.quietWindowStartMinute,
      end: smsSettings.quietWindowEndMinute,
      exempt: smsSettings.quietReplyExemptMinutes,
    })
    .from(smsSettings)
    .where(eq(smsSettings.institutionId, institutionId));
  return row;
}

function form(values: Record<string, string | undefined>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) data.set(k, v);
  return data;
}

beforeAll(async () => {
  // The SPEC §9 default (the factories turn quiet hours off unless told otherwise).
  inst = await createInstitution(getDb(), { quietHoursEnabled: undefined });
  other = await createInstitution(getDb(), { quietHoursEnabled: undefined });
  admin = await actorOf(inst, "ADMIN");
  advisor = await actorOf(inst, "ADVISOR");
  otherAdmin = await actorOf(other, "ADMIN");
  operator = (await loadActor(getDb(), (await createUser(getDb(), inst, { operator: true })).id))!;
});

beforeEach(() => {
  state.actor = admin;
  state.revalidated = [];
});

describe("quiet-hours settings", () => {
  it("are on by default, with the federal window and a 60-minute reply exemption", async () => {
    expect(await getSmsSettings({ ctx: ctx(admin) })).toMatchObject({
      quietHoursEnabled: true,
      quietWindowStart: null,
      quietWindowEnd: null,
      quietReplyExemptMinutes: 60,
    });
  });

  it("the form saves a narrower window, turns them off and sets the exemption, auditing each changed field", async () => {
    const result = await saveQuietHours(form({ quietWindowStart: "09:00", quietWindowEnd: "20:30", quietReplyExemptMinutes: "30" }));
    expect(result).toMatchObject({ ok: true, data: { quietHoursEnabled: false, quietWindowStart: "09:00", quietWindowEnd: "20:30", quietReplyExemptMinutes: 30 } });
    expect(state.revalidated).toEqual(["/admin/messaging/sms-configuration/quiet-hours"]);
    expect(await storedRow(inst.id)).toEqual({ enabled: false, start: 540, end: 1230, exempt: 30 });
    const by = admin.userId;
    const at = expect.any(Date); // the action stamps its own clock
    expect(await audit(inst.id)).toEqual([
      { scope: "SMS_QUIET_HOURS", field: "quietHoursEnabled", oldValue: true, newValue: false, by, at },
      { scope: "SMS_QUIET_HOURS", field: "quietWindowStart", oldValue: null, newValue: "09:00", by, at },
      { scope: "SMS_QUIET_HOURS", field: "quietWindowEnd", oldValue: null, newValue: "20:30", by, at },
      { scope: "SMS_QUIET_HOURS", field: "quietReplyExemptMinutes", oldValue: 60, newValue: 30, by, at },
    ]);

    // Saving the same values again records nothing; blank times go back to the federal window.
    await saveQuietHours(form({ quietWindowStart: "09:00", quietWindowEnd: "20:30", quietReplyExemptMinutes: "30" }));
    expect(await audit(inst.id)).toHaveLength(4);
    const back = await saveQuietHours(form({ quietHoursEnabled: "true", quietWindowStart: "", quietWindowEnd: "", quietReplyExemptMinutes: "60" }));
    expect(back).toMatchObject({ ok: true, data: { quietHoursEnabled: true, quietWindowStart: null, quietWindowEnd: null, quietReplyExemptMinutes: 60 } });
    expect(await storedRow(inst.id)).toEqual({ enabled: true, start: null, end: null, exempt: 60 });
    expect((await audit(inst.id)).slice(4).map((a) => [a.field, a.oldValue, a.newValue])).toEqual([
      ["quietHoursEnabled", false, true],
      ["quietWindowStart", "09:00", null],
      ["quietWindowEnd", "20:30", null],
      ["quietReplyExemptMinutes", 30, 60],
    ]);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ["a start before 8:00", { quietWindowStart: "07:30" }, { quietWindowStart: "Texts may not start before 8:00 AM (federal rule): choose 8:00 AM or later." }],
    ["an end after 21:00", { quietWindowEnd: "22:00" }, { quietWindowEnd: "Texts may not go after 9:00 PM (federal rule): choose 9:00 PM or earlier." }],
    ["a start equal to the end", { quietWindowStart: "12:00", quietWindowEnd: "12:00" }, { quietWindowEnd: "The window must end after it starts (12:00 PM)." }],
    ["a start after the end", { quietWindowStart: "19:00", quietWindowEnd: "10:00" }, { quietWindowEnd: "The window must end after it starts (7:00 PM)." }],
    ["a time that is none", { quietWindowStart: "9am" }, { quietWindowStart: "Enter a time as HH:MM (24-hour), e.g. 09:00." }],
    ["a negative exemption", { quietReplyExemptMinutes: "-1" }, { quietReplyExemptMinutes: "Must be 0 or more." }],
    ["an exemption over a day", { quietReplyExemptMinutes: "1441" }, { quietReplyExemptMinutes: "At most 1,440 (one day)." }],
    ["a fractional exemption", { quietReplyExemptMinutes: "2.5" }, { quietReplyExemptMinutes: "Enter a whole number of minutes." }],
    ["a blank exemption", { quietReplyExemptMinutes: "" }, { quietReplyExemptMinutes: "Enter a whole number of minutes." }],
  ])("the form refuses %s, naming the field, and changes nothing", async (_what, values, fieldErrors) => {
    const before = await storedRow(inst.id);
    const auditBefore = (await audit(inst.id)).length;
    const result = await saveQuietHours(form({ quietHoursEnabled: "true", quietWindowStart: "", quietWindowEnd: "", quietReplyExemptMinutes: "45", ...values }));
    expect(result).toEqual({ ok: false, error: expect.any(String), fieldErrors });
    expect(await storedRow(inst.id)).toEqual(before);
    expect(await audit(inst.id)).toHaveLength(auditBefore);
    expect(state.revalidated).toEqual([]);
  });

  it("a PATCH of one bound is checked against the stored other one, so no pair of PATCHes widens the window", async () => {
    await updateSmsSettings({ ctx: ctx(admin), input: { quietWindowStart: "10:00", quietWindowEnd: "18:00" } });
    const err = await updateSmsSettings({ ctx: ctx(admin), input: { quietWindowEnd: "09:00" } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION", fieldErrors: { quietWindowEnd: "The window must end after it starts (10:00 AM)." } });
    expect(await storedRow(inst.id)).toMatchObject({ start: 600, end: 1080 });
    const refused = await updateSmsSettings({ ctx: ctx(admin), input: { quietWindowStart: "20:00" } }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "VALIDATION", fieldErrors: { quietWindowEnd: "The window must end after it starts (8:00 PM)." } });
    expect(await updateSmsSettings({ ctx: ctx(admin), input: { quietWindowStart: null } })).toMatchObject({ quietWindowStart: null, quietWindowEnd: "18:00" });
    await updateSmsSettings({ ctx: ctx(admin), input: { quietWindowEnd: null } });
  });

  it("only the institution's administrators change them; another institution's stay as they are", async () => {
    const before = await storedRow(inst.id);
    for (const actor of [advisor, operator]) {
      const input = { quietHoursEnabled: !before.enabled, quietReplyExemptMinutes: before.exempt + 1 };
      await expect(updateSmsSettings({ ctx: ctx(actor), input })).rejects.toMatchObject({ code: "FORBIDDEN" });
      state.actor = actor;
      expect(await saveQuietHours(form({ quietReplyExemptMinutes: "5" }))).toEqual({ ok: false, error: "You don't have permission to do that.", fieldErrors: {} });
    }
    expect(await storedRow(inst.id)).toEqual(before);

    state.actor = otherAdmin;
    expect(await saveQuietHours(form({ quietWindowStart: "", quietWindowEnd: "", quietReplyExemptMinutes: "5" }))).toMatchObject({ ok: true, data: { quietHoursEnabled: false, quietReplyExemptMinutes: 5 } });
    expect(await storedRow(other.id)).toEqual({ enabled: false, start: null, end: null, exempt: 5 });
    expect(await storedRow(inst.id)).toEqual(before);
  });
});
