import { asc, eq } from "drizzle-orm";
import { institutions, settingsAudit, smsUsageMonthly } from "@/db/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import type { Actor } from "@/lib/auth/capabilities";
import { getTwilioUsage } from "./get-twilio-usage";
import { getInstitutionLimits, listInstitutionLimits, updateInstitutionLimits } from "./institution-limits";
import { listSettingsChanges } from "./list-settings-changes";

/** Mid-March in Chicago; Tokyo is already in April at 2026-03-31T16:00Z, but not here. */
const now = new Date("2026-03-15T17:00:00Z");

let north: FactoryInstitution;
let lake: FactoryInstitution;
let operator: Actor;
let northAdmin: Actor;

async function assignNumbers(inst: FactoryInstitution, count: number) {
  const db = getDb();
  for (let i = 0; i < count; i++) {
    const staff = await createPerson(db, inst, { kind: "staff" });
    const user = await createUser(db, staff);
    await assignSystemNumber(db, { institutionId: inst.id, userId: user.id, personId: staff.id, now });
  }
}

async function auditOf(institutionId: string) {
  return getDb()
    .select({
      scope: settingsAudit.scope,
      field: settingsAudit.field,
      old_value: settingsAudit.oldValue,
      new_value: settingsAudit.newValue,
      changed_by_user_id: settingsAudit.changedByUserId,
    })
    .from(settingsAudit)
    .where(eq(settingsAudit.institutionId, institutionId))
    .orderBy(asc(settingsAudit.id));
}

async function limitsOf(institutionId: string) {
  const [row] = await getDb()
    .select({ m: institutions.smsMonthlyLimit, p: institutions.smsPhoneNumberLimit })
    .from(institutions)
    .where(eq(institutions.id, institutionId));
  return [row.m, row.p];
}

const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

beforeAll(async () => {
  const db = getDb();
  north = await createInstitution(db, { name: "Aa Northfield", smsMonthlyLimit: 5000, smsPhoneNumberLimit: 4 });
  lake = await createInstitution(db, { name: "Ab Lakeside", timeZone: "Asia/Tokyo", smsMonthlyLimit: 500, smsPhoneNumberLimit: 2 });
  await createSystemNumbers(db, north, 5);
  await createSystemNumbers(db, lake, 3);
  await assignNumbers(north, 3);
  await db.insert(smsUsageMonthly).values([
    { institutionId: north.id, month: "2026-03-01", sentCount: 1234 },
    { institutionId: north.id, month: "2026-02-01", sentCount: 99 },
    { institutionId: lake.id, month: "2026-03-01", sentCount: 7 },
    { institutionId: lake.id, month: "2026-04-01", sentCount: 50 },
  ]);
  operator = (await loadActor(db, (await createUser(db, north, { operator: true })).id))!;
  northAdmin = (await loadActor(db, (await createUser(db, await createPerson(db, north, { kind: "staff", roles: ["ADMIN"] }))).id))!;
});

describe("the operator's institutions", () => {
  it("lists every institution with this month's texts (in its own zone), numbers assigned, both limits and the pool", async () => {
    const rows = await listInstitutionLimits({ ctx: ctx(operator) });
    expect(rows.filter((r) => r.id === north.id || r.id === lake.id).map(({ slug: _slug, ...r }) => r)).toEqual([
      {
        id: north.id, name: "Aa Northfield", timeZone: "America/Chicago", month: "2026-03-01",
        sentThisMonth: 1234, smsMonthlyLimit: 5000, numbersAssigned: 3, smsPhoneNumberLimit: 4, poolSize: 5,
      },
      {
        id: lake.id, name: "Ab Lakeside", timeZone: "Asia/Tokyo", month: "2026-03-01",
        sentThisMonth: 7, smsMonthlyLimit: 500, numbersAssigned: 0, smsPhoneNumberLimit: 2, poolSize: 3,
      },
    ]);
  });

  it("refuses everyone but the operator, and an administrator reads no other institution's usage", async () => {
    await expect(listInstitutionLimits({ ctx: ctx(northAdmin) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getInstitutionLimits({ ctx: ctx(northAdmin), input: { institutionId: lake.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateInstitutionLimits({ ctx: ctx(northAdmin), input: { institutionId: north.id, smsMonthlyLimit: 9000 } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(getTwilioUsage({ ctx: ctx(northAdmin), input: { institutionId: lake.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listSettingsChanges({ ctx: ctx(northAdmin), input: { scopes: ["SMS_LIMITS"], institutionId: lake.id } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await limitsOf(north.id)).toEqual([5000, 4]);
    expect(await auditOf(north.id)).toEqual([]);
  });

  it("opens another institution's Twilio usage for the operator", async () => {
    const usage = await getTwilioUsage({ ctx: ctx(operator), input: { institutionId: lake.id } });
    expect(usage).toMatchObject({ institution: { id: lake.id, name: "Ab Lakeside" }, sentThisMonth: 7, smsMonthlyLimit: 500, numbersAssigned: 0, poolSize: 3 });
  });

  it("saves a harmless change at once, with its audit row", async () => {
    const result = await updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: lake.id, smsMonthlyLimit: 600 } });
    expect(result).toEqual({ saved: true, warnings: [], limits: { smsMonthlyLimit: 600, smsPhoneNumberLimit: 2 } });
    expect(await limitsOf(lake.id)).toEqual([600, 2]);
    expect(await auditOf(lake.id)).toEqual([{ scope: "SMS_LIMITS", field: "smsMonthlyLimit", old_value: 500, new_value: 600, changed_by_user_id: operator.userId }]);
  });

  it("answers the warning and saves nothing for a limit below this month's texts, then saves it once confirmed", async () => {
    const warning = "Aa Northfield has already sent 1,234 texts this month; with a limit of 1,000 every further text this month goes by email.";
    const first = await updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: north.id, smsMonthlyLimit: 1000 } });
    expect(first).toEqual({ saved: false, warnings: [warning], limits: { smsMonthlyLimit: 5000, smsPhoneNumberLimit: 4 } });
    expect(await limitsOf(north.id)).toEqual([5000, 4]);
    expect(await auditOf(north.id)).toEqual([]);

    const confirmed = await updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: north.id, smsMonthlyLimit: 1000, confirmed: true } });
    expect(confirmed).toEqual({ saved: true, warnings: [warning], limits: { smsMonthlyLimit: 1000, smsPhoneNumberLimit: 4 } });
    expect(await limitsOf(north.id)).toEqual([1000, 4]);
    expect(await auditOf(north.id)).toEqual([{ scope: "SMS_LIMITS", field: "smsMonthlyLimit", old_value: 5000, new_value: 1000, changed_by_user_id: operator.userId }]);
  });

  it("warns about a number limit above the pool and one below the numbers assigned", async () => {
    const above = await updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: north.id, smsPhoneNumberLimit: 10 } });
    expect(above).toMatchObject({ saved: false, warnings: ["The pool has only 5 numbers; a limit of 10 cannot be reached until numbers are added."] });
    const below = await updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: north.id, smsPhoneNumberLimit: 2 } });
    expect(below).toMatchObject({
      saved: false,
      warnings: ["Aa Northfield already has 3 numbers assigned; with a limit of 2 nobody else gets a number (they send by email) until assignments are removed."],
    });
    expect(await limitsOf(north.id)).toEqual([1000, 4]);
  });

  it("validates the input like the settings API, naming the field", async () => {
    await expect(updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: north.id, smsMonthlyLimit: -1 } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { smsMonthlyLimit: "Must be 0 or more." },
    });
    await expect(updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: "nope", smsMonthlyLimit: 1 } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { institutionId: "Not an institution id." },
    });
    await expect(
      updateInstitutionLimits({ ctx: ctx(operator), input: { institutionId: "00000000-0000-4000-8000-000000000000", smsMonthlyLimit: 1 } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
