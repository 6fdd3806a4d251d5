import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { personEmails, personPhones, personRoles, persons } from "@/db/schema";
import { createInstitution, createPerson as createPersonRow, createUser, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { createPerson } from "./create-person";
import { getPerson } from "./get-person";
import { updatePerson } from "./update-person";

let inst: FactoryInstitution;
let admin: Actor;
let advisor: Actor;
const now = new Date("2025-03-01T12:00:00Z");
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

async function actorFor(roles: ("ADMIN" | "ADVISOR" | "STUDENT")[]) {
  const person = await createPersonRow(getDb(), inst, { kind: roles.includes("STUDENT") ? "student" : "staff", roles });
  const user = await createUser(getDb(), person);
  return (await loadActor(getDb(), user.id))!;
}

async function rowCounts() {
  const db = getDb();
  const [[p], [e], [r], [ph]] = await Promise.all([
    db.select({ n: count() }).from(persons),
    db.select({ n: count() }).from(personEmails),
    db.select({ n: count() }).from(personRoles),
    db.select({ n: count() }).from(personPhones),
  ]);
  return { persons: p.n, emails: e.n, roles: r.n, phones: ph.n };
}

/** Runs `fn`, expects an AppError, and checks that not one row was written. */
async function expectRejected(fn: () => Promise<unknown>) {
  const before = await rowCounts();
  const err = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(await rowCounts()).toEqual(before);
  return err as AppError;
}

const valid = {
  firstName: "Ada",
  lastName: "Lovelace",
  srcSystemId: "SIS-ADA",
  emails: [{ email: "Ada@Example.EDU" }, { email: "ada.l@example.edu" }],
  roles: ["STUDENT"],
  phones: [{ number: "(312) 555-0101", phoneTypeSrcSystemId: "CELL", srcSystemId: "PH-ADA-1" }],
};

beforeAll(async () => {
  inst = await createInstitution(getDb());
  admin = await actorFor(["ADMIN"]);
  advisor = await actorFor(["ADVISOR"]);
});

describe("createPerson", () => {
  it("creates the person, emails (first primary, lower-cased), roles and an SMS_DEFAULT unverified phone", async () => {
    const person = await createPerson({ ctx: ctx(admin), input: valid, source: "API" });
    expect(person).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      srcSystemId: "SIS-ADA",
      source: "API",
      kind: "student",
      emails: [
        { email: "ada@example.edu", isPrimary: true },
        { email: "ada.l@example.edu", isPrimary: false },
      ],
      roles: [{ code: "STUDENT", name: "Student", kind: "STUDENT" }],
    });
    expect(person.phones).toEqual([
      {
        id: expect.any(String),
        typeName: "Cell",
        phoneTypeSrcSystemId: "CELL",
        number: "+13125550101",
        formatted: "(312) 555-0101",
        smsStatus: "SMS_DEFAULT",
        verified: false,
        verifiedAt: null,
        verifiedBy: null,
        srcSystemId: "PH-ADA-1",
        isSystem: false,
        deleted: false,
      },
    ]);
    expect(await getPerson({ ctx: ctx(advisor), input: { personId: person.id } })).toEqual(person);
  });

  it.each([
    ["letters in a number", "phones[0].number", { phones: [{ number: "555-CALL-NOW", phoneTypeSrcSystemId: "CELL" }] }],
    ["40 digits", "phones[0].number", { phones: [{ number: "1".repeat(40), phoneTypeSrcSystemId: "CELL" }] }],
    ["a missing last name", "lastName", { lastName: undefined }],
    ["a blank first name", "firstName", { firstName: "  " }],
    ["an unknown role code", "roles[1]", { roles: ["STUDENT", "WIZARD"] }],
    ["an unknown phone type", "phones[0].phoneTypeSrcSystemId", { phones: [{ number: "+13125550102", phoneTypeSrcSystemId: "PAGER" }] }],
    ["the System phone type", "phones[0].phoneTypeSrcSystemId", { phones: [{ number: "+13125550102", phoneTypeSrcSystemId: "AVISO.SYSTEM" }] }],
    ["a reserved system source id", "phones[0].srcSystemId", { phones: [{ number: "+13125550102", phoneTypeSrcSystemId: "CELL", srcSystemId: "X.AVISO.SMS" }] }],
    ["an sms status", "phones[0].smsStatus", { phones: [{ number: "+13125550102", phoneTypeSrcSystemId: "CELL", smsStatus: "SMS_ENABLED" }] }],
    ["a verified flag", "phones[0].verified", { phones: [{ number: "+13125550102", phoneTypeSrcSystemId: "CELL", verified: true }] }],
    ["two primary emails", "emails[1].isPrimary", { emails: [{ email: "a@x.edu", isPrimary: true }, { email: "b@x.edu", isPrimary: true }] }],
    ["the same email twice", "emails[1].email", { emails: [{ email: "a@x.edu" }, { email: "A@x.edu" }] }],
    ["a bad email", "emails[0].email", { emails: [{ email: "not-an-email" }] }],
    ["an unknown field", "nickname", { nickname: "Ada" }],
  ])("refuses %s with 400 naming %s and writes nothing", async (_what, field, change) => {
    const err = await expectRejected(() =>
      createPerson({ ctx: ctx(admin), input: { ...valid, srcSystemId: "SIS-NEW", phones: [], ...change } }),
    );
    expect(err.code).toBe("VALIDATION");
    expect(err.status).toBe(400);
    expect(Object.keys(err.fieldErrors ?? {})[0]).toBe(field);
    expect(err.message.startsWith(`${field}: `)).toBe(true);
  });

  it("refuses a taken source id with CONFLICT and writes nothing", async () => {
    const err = await expectRejected(() => createPerson({ ctx: ctx(admin), input: { ...valid, phones: [] } }));
    expect(err).toMatchObject({ code: "CONFLICT", fieldErrors: { srcSystemId: "Another person already has this source id." } });
    const phoneTaken = await expectRejected(() =>
      createPerson({ ctx: ctx(admin), input: { ...valid, srcSystemId: "SIS-OTHER", phones: [{ number: "+13125550109", phoneTypeSrcSystemId: "HOME", srcSystemId: "PH-ADA-1" }] } }),
    );
    expect(phoneTaken.fieldErrors).toEqual({ "phones[0].srcSystemId": "Another phone already has this source id." });
  });

  it("is for administrators only", async () => {
    const err = await expectRejected(() => createPerson({ ctx: ctx(advisor), input: { ...valid, srcSystemId: "SIS-X" } }));
    expect(err.code).toBe("FORBIDDEN");
  });
});

describe("updatePerson", () => {
  it("replaces emails and roles, adds and changes phones, keeps the others", async () => {
    const created = await createPerson({ ctx: ctx(admin), input: { ...valid, srcSystemId: "SIS-UPD", phones: [{ number: "+13125550111", phoneTypeSrcSystemId: "CELL" }, { number: "+13125550112", phoneTypeSrcSystemId: "HOME" }] } });
    const cell = created.phones.find((p) => p.number === "+13125550111")!;
    const home = created.phones.find((p) => p.number === "+13125550112")!;
    const updated = await updatePerson({
      ctx: ctx(admin),
      input: {
        personId: created.id,
        preferredName: "Countess",
        emails: [{ email: "ada@new.edu" }, { email: "ada2@new.edu", isPrimary: true }],
        roles: ["ADVISOR"],
        phones: [{ id: cell.id, phoneTypeSrcSystemId: "WORK" }, { id: home.id, deleted: true }, { number: "+44 20 7183 8750", phoneTypeSrcSystemId: "CELL" }],
      },
    });
    expect(updated).toMatchObject({
      preferredName: "Countess",
      kind: "staff",
      emails: [{ email: "ada2@new.edu", isPrimary: true }, { email: "ada@new.edu", isPrimary: false }],
      roles: [{ code: "ADVISOR" }],
    });
    const byNumber = Object.fromEntries(updated.phones.map((p) => [p.number, p]));
    expect(byNumber["+13125550111"]).toMatchObject({ id: cell.id, typeName: "Work", phoneTypeSrcSystemId: "WORK", deleted: false });
    expect(byNumber["+13125550112"]).toMatchObject({ id: home.id, deleted: true });
    expect(byNumber["+442071838750"]).toMatchObject({ formatted: "+44 20 7183 8750", smsStatus: "SMS_DEFAULT", verified: false });
    expect(updated.updatedAt).toBe(now.toISOString());
  });

  it.each([
    ["a number change in place", (id: string) => ({ phones: [{ id, number: "+13125550199" }] }), "phones[0].number"],
    ["a phone of someone else", () => ({ phones: [{ id: "00000000-0000-4000-8000-000000000000", deleted: true }] }), "phones[0].id"],
    ["a new phone without a number", () => ({ phones: [{ phoneTypeSrcSystemId: "CELL" }] }), "phones[0].number"],
    ["an unknown role among good changes", () => ({ firstName: "Changed", roles: ["ADVISOR", "NOPE"] }), "roles[1]"],
  ])("refuses %s and changes nothing", async (_what, change, field) => {
    const created = await createPerson({ ctx: ctx(admin), input: { firstName: "Bo", lastName: "Peep", phones: [{ number: "+13125550120", phoneTypeSrcSystemId: "CELL" }] } });
    const err = await expectRejected(() => updatePerson({ ctx: ctx(admin), input: { personId: created.id, ...change(created.phones[0].id) } }));
    expect(Object.keys(err.fieldErrors ?? {})).toEqual([field]);
    expect(await getPerson({ ctx: ctx(admin), input: { personId: created.id } })).toEqual(created);
  });

  it("never touches a system number", async () => {
    const created = await createPerson({ ctx: ctx(admin), input: { firstName: "Sys", lastName: "Holder", roles: ["ADVISOR"] } });
    const db = getDb();
    const [system] = await db
      .insert(personPhones)
      .values({ institutionId: inst.id, personId: created.id, phoneTypeId: inst.phoneTypes.SYSTEM.id, phoneTypeSrcSystemId: "AVISO.SYSTEM", number: "+13125550177", srcSystemId: "N1.AVISO.SMS" })
      .returning();
    const err = await expectRejected(() => updatePerson({ ctx: ctx(admin), input: { personId: created.id, phones: [{ id: system.id, deleted: true }] } }));
    expect(err.fieldErrors).toEqual({ "phones[0].id": "System numbers are managed under SMS Configuration → Twilio." });
    const [after] = await db.select({ deleted: personPhones.deleted }).from(personPhones).where(eq(personPhones.id, system.id));
    expect(after.deleted).toBe(false);
  });
});

describe("getPerson", () => {
  it("lets a student read only themselves; other or unknown ids are NOT_FOUND or FORBIDDEN", async () => {
    const studentPerson = await createPersonRow(getDb(), inst, { kind: "student" });
    const student = (await loadActor(getDb(), (await createUser(getDb(), studentPerson)).id))!;
    const other = await createPersonRow(getDb(), inst);
    const otherInst = await createInstitution(getDb());
    const stranger = await createPersonRow(getDb(), otherInst);

    expect((await getPerson({ ctx: ctx(student), input: { personId: studentPerson.id } })).id).toBe(studentPerson.id);
    await expect(getPerson({ ctx: ctx(student), input: { personId: other.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getPerson({ ctx: ctx(admin), input: { personId: stranger.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getPerson({ ctx: ctx(admin), input: { personId: "not-a-uuid" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
