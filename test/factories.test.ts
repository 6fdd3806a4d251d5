import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { credentials, personEmails, personRoles, smsPermittedRoles, smsSettings } from "@/db/schema";
import { verifyPassword } from "@/db/password";
import { createInstitution, createPerson, createPhone, createSystemNumbers, createUser } from "@/db/factories";

const unique = (values: unknown[]) => new Set(values).size === values.length;

describe("factories", () => {
  it("create institutions with unique slugs and the default roles, phone types and settings", async () => {
    const db = getDb();
    const made = await Promise.all(Array.from({ length: 5 }, () => createInstitution(db)));
    expect(unique(made.map((i) => i.slug))).toBe(true);
    expect(unique(made.map((i) => i.id))).toBe(true);
    const inst = made[0];
    expect(Object.keys(inst.roles).sort()).toEqual(["ADMIN", "ADVISOR", "COACH", "FACULTY", "PROSPECT", "STUDENT"]);
    expect(inst.roles.ADMIN).toMatchObject({ kind: "STAFF", grantsAdmin: true, institutionId: inst.id });
    expect(inst.roles.STUDENT.kind).toBe("STUDENT");
    expect(inst.phoneTypes.SYSTEM).toMatchObject({ name: "System", srcSystemId: "AVISO.SYSTEM" });
    const [settings] = await db.select().from(smsSettings).where(eq(smsSettings.institutionId, inst.id));
    expect(settings).toMatchObject({ studentDefaultStatus: "OPTED_IN", staffDefaultStatus: "OPTED_OUT", defaultPhoneTypeId: inst.phoneTypes.CELL.id });
    const permitted = await db.select().from(smsPermittedRoles).where(eq(smsPermittedRoles.institutionId, inst.id));
    expect(permitted.map((p) => p.roleId).sort()).toEqual([inst.roles.ADMIN.id, inst.roles.ADVISOR.id, inst.roles.COACH.id].sort());
  });

  it("apply overrides", async () => {
    const inst = await createInstitution(getDb(), { smsPhoneNumberLimit: 1, permittedRoles: [], studentDefaultStatus: "OPTED_OUT" });
    expect(inst.smsPhoneNumberLimit).toBe(1);
    expect(await getDb().select().from(smsPermittedRoles).where(eq(smsPermittedRoles.institutionId, inst.id))).toEqual([]);
  });

  it("create persons with unique ids, src ids and emails, with their roles and phones", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const people = [];
    for (let i = 0; i < 10; i++) people.push(await createPerson(db, inst, { phones: [{}, { type: "HOME", smsStatus: "SMS_ENABLED" }] }));
    expect(unique(people.map((p) => p.srcSystemId))).toBe(true);
    expect(unique(people.flatMap((p) => p.emails))).toBe(true);
    expect(unique(people.flatMap((p) => p.phones.map((ph) => ph.number)))).toBe(true);
    expect(unique(people.flatMap((p) => p.phones.map((ph) => ph.srcSystemId)))).toBe(true);
    const [first] = people;
    expect(first.roles).toEqual(["STUDENT"]);
    expect(first.phones.map((ph) => [ph.phoneTypeSrcSystemId, ph.smsStatus, ph.verified])).toEqual([
      ["CELL", "SMS_DEFAULT", false],
      ["HOME", "SMS_ENABLED", false],
    ]);
    const emails = await db.select().from(personEmails).where(eq(personEmails.personId, first.id));
    expect(emails).toMatchObject([{ email: first.emails[0], isPrimary: true }]);

    const staff = await createPerson(db, inst, { kind: "staff", roles: ["FACULTY", "COACH"], emails: [] });
    const roles = await db.select().from(personRoles).where(eq(personRoles.personId, staff.id));
    expect(roles.map((r) => r.roleId).sort()).toEqual([inst.roles.FACULTY.id, inst.roles.COACH.id].sort());
    expect(staff.emails).toEqual([]);
  });

  it("create phones with the given details", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const person = await createPerson(db, inst);
    const verifiedAt = new Date("2026-01-02T03:04:05Z");
    const phone = await createPhone(db, person, { number: "+13125550100", type: "WORK", verifiedAt, deleted: true });
    expect(phone).toMatchObject({
      personId: person.id,
      institutionId: inst.id,
      number: "+13125550100",
      phoneTypeId: inst.phoneTypes.WORK.id,
      phoneTypeSrcSystemId: "WORK",
      verified: true,
      verifiedAt,
      deleted: true,
    });
  });

  it("create users with unique emails whose password verifies, and operators with no person", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const people = await Promise.all(Array.from({ length: 4 }, () => createPerson(db, inst, { kind: "staff" })));
    const made = await Promise.all(people.map((p) => createUser(db, p)));
    expect(unique(made.map((u) => u.email))).toBe(true);
    expect(made[0]).toMatchObject({ personId: people[0].id, institutionId: inst.id, isOperator: false });
    const [cred] = await db.select().from(credentials).where(eq(credentials.userId, made[0].id));
    expect(await verifyPassword(made[0].password, cred.passwordHash)).toBe(true);
    expect((await loadActor(db, made[0].id))!.capabilities.permittedSender).toBe(true);

    const operator = await createUser(db, inst, { operator: true, password: "secret-1" });
    expect(operator).toMatchObject({ personId: null, institutionId: inst.id, isOperator: true, password: "secret-1" });
    expect((await loadActor(db, operator.id))!.capabilities.operator).toBe(true);
  });

  it("create unique ACTIVE system numbers in the institution's pool", async () => {
    const db = getDb();
    const inst = await createInstitution(db);
    const first = await createSystemNumbers(db, inst, 5);
    const second = await createSystemNumbers(db, inst, 5);
    const all = [...first, ...second];
    expect(all).toHaveLength(10);
    expect(unique(all.map((n) => n.number))).toBe(true);
    expect(all.every((n) => n.status === "ACTIVE" && n.institutionId === inst.id && /^\+1[2-9]\d{9}$/.test(n.number))).toBe(true);
    const [{ n }] = [...(await db.execute<{ n: number }>(sql`select count(*)::int as n from system_numbers where institution_id = ${inst.id}`))];
    expect(n).toBe(10);
  });
});
