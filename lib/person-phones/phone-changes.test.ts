import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { setSmsStatus } from "@/db/queries/phone-status";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { conversations, messages, personPhones, phoneHistory, successTeamMembers } from "@/db/schema";
import {
  createInstitution,
  createPerson,
  createPhone,
  createSystemNumbers,
  createUser,
  type FactoryInstitution,
  type FactoryPerson,
} from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { getProfileDetails } from "@/lib/people/get-profile-details";
import { addPersonPhone } from "./add-person-phone";
import { deletePersonPhone } from "./delete-person-phone";
import { editPersonPhone } from "./edit-person-phone";
import { setPhoneVerified } from "./set-phone-verified";

let inst: FactoryInstitution;
let other: FactoryInstitution;
let admin: Actor;
let advisor: Actor;
let faculty: Actor;
let studentActor: Actor;
let operator: Actor;
let otherAdmin: Actor;
let student: FactoryPerson;
let coach: FactoryPerson;
let systemPhoneId: string;
const now = new Date("2025-05-06T15:00:00Z");
const ctx = (actor: Actor, at = now) => ({ db: getDb(), actor, now: at });

async function actorOf(person: FactoryPerson) {
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}

async function phoneRow(id: string) {
  const [row] = await getDb().select().from(personPhones).where(eq(personPhones.id, id));
  return row;
}

async function historyOf(phoneId: string) {
  return getDb().select().from(phoneHistory).where(eq(phoneHistory.phoneId, phoneId)).orderBy(asc(phoneHistory.id));
}

async function phonesOf(personId: string) {
  return getDb().select().from(personPhones).where(eq(personPhones.personId, personId)).orderBy(asc(personPhones.createdAt), asc(personPhones.id));
}

/** Every phone and history row of the institution, to prove a refused change wrote nothing. */
async function snapshot() {
  const db = getDb();
  const [phones, history] = await Promise.all([
    db.select().from(personPhones).where(eq(personPhones.institutionId, inst.id)).orderBy(asc(personPhones.id)),
    db.select().from(phoneHistory).where(eq(phoneHistory.institutionId, inst.id)).orderBy(asc(phoneHistory.id)),
  ]);
  return { phones, history };
}

async function expectRefused(fn: () => Promise<unknown>, code: AppError["code"]) {
  const before = await snapshot();
  const err = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code });
  expect(await snapshot()).toEqual(before);
  return err as AppError;
}

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db);
  other = await createInstitution(db);
  admin = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] }));
  advisor = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }));
  faculty = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["FACULTY"] }));
  student = await createPerson(db, inst, { phones: [{ type: "CELL" }, { type: "HOME", smsStatus: "SMS_DISABLED" }] });
  studentActor = await actorOf(student);
  operator = (await loadActor(db, (await createUser(db, inst, { operator: true })).id))!;
  otherAdmin = await actorOf(await createPerson(db, other, { kind: "staff", roles: ["ADMIN"] }));

  coach = await createPerson(db, inst, { kind: "staff", roles: ["COACH"], firstName: "Dana", lastName: "Brooks", phones: [{ type: "WORK" }] });
  const coachUser = await createUser(db, coach);
  await createSystemNumbers(db, inst, 1);
  const held = await assignSystemNumber(db, { institutionId: inst.id, userId: coachUser.id, personId: coach.id, now });
  systemPhoneId = held!.personPhoneId;
  await db.insert(successTeamMembers).values({ institutionId: inst.id, studentPersonId: student.id, staffPersonId: coach.id, teamRole: "Coach" });
});

describe("who may change phones", () => {
  const calls = () => [
    ["add", (a: Actor) => addPersonPhone({ ctx: ctx(a), input: { personId: student.id, number: "(312) 555-0177", phoneTypeSrcSystemId: "CELL" } })],
    ["edit", (a: Actor) => editPersonPhone({ ctx: ctx(a), input: { phoneId: student.phones[0].id, smsStatus: "SMS_DISABLED" } })],
    ["verify", (a: Actor) => setPhoneVerified({ ctx: ctx(a), input: { phoneId: student.phones[0].id, verified: true } })],
    ["delete", (a: Actor) => deletePersonPhone({ ctx: ctx(a), input: { phoneId: student.phones[0].id } })],
  ] as const;

  it.each(["advisor", "faculty", "student (their own phone)", "operator"])("refuses the %s every change, writing nothing", async (who) => {
    const actor = { advisor, faculty, "student (their own phone)": studentActor, operator }[who]!;
    for (const [, call] of calls()) {
      const err = await expectRefused(() => call(actor), "FORBIDDEN");
      expect(err.status).toBe(403);
    }
  });

  it("answers NOT_FOUND to another institution's administrator, writing nothing", async () => {
    for (const [, call] of calls()) await expectRefused(() => call(otherAdmin), "NOT_FOUND");
  });

  it("answers NOT_FOUND for ids that are no phone at all", async () => {
    await expectRefused(() => setPhoneVerified({ ctx: ctx(admin), input: { phoneId: "00000000-0000-4000-8000-000000000000", verified: true } }), "NOT_FOUND");
    await expectRefused(() => addPersonPhone({ ctx: ctx(admin), input: { personId: "00000000-0000-4000-8000-000000000000", number: "3125550170", phoneTypeSrcSystemId: "CELL" } }), "NOT_FOUND");
  });
});

describe("SMS status (manual edit, SPEC §2)", () => {
  it("records each change with old, new, who and when; the same status again writes nothing", async () => {
    const id = student.phones[0].id;
    expect(await editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, smsStatus: "SMS_ENABLED" } })).toEqual({
      phoneId: id,
      smsStatus: "SMS_ENABLED",
      smsStatusChanged: true,
    });
    const later = new Date(now.getTime() + 60_000);
    await editPersonPhone({ ctx: ctx(admin, later), input: { phoneId: id, smsStatus: "SMS_DISABLED" } });
    expect(await editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, smsStatus: "SMS_DISABLED" } })).toMatchObject({ smsStatusChanged: false });

    expect((await phoneRow(id)).smsStatus).toBe("SMS_DISABLED");
    const rows = await historyOf(id);
    expect(rows.map(({ field, oldValue, newValue, actorType, actorUserId, reason, messageId, changedAt }) => ({ field, oldValue, newValue, actorType, actorUserId, reason, messageId, changedAt }))).toEqual([
      { field: "SMS_STATUS", oldValue: "SMS_DEFAULT", newValue: "SMS_ENABLED", actorType: "USER", actorUserId: admin.userId, reason: null, messageId: null, changedAt: now },
      { field: "SMS_STATUS", oldValue: "SMS_ENABLED", newValue: "SMS_DISABLED", actorType: "USER", actorUserId: admin.userId, reason: null, messageId: null, changedAt: later },
    ]);
  });

  it("changes type and source id with the status in one transaction; a bad type changes neither", async () => {
    const id = student.phones[1].id;
    await expectRefused(() => editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, phoneTypeSrcSystemId: "FAX", smsStatus: "SMS_ENABLED" } }), "VALIDATION").then((err) =>
      expect(err.fieldErrors).toEqual({ phoneTypeSrcSystemId: 'Unknown phone type "FAX".' }),
    );
    await expectRefused(() => editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, phoneTypeSrcSystemId: "AVISO.SYSTEM" } }), "VALIDATION");
    await expectRefused(() => editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, smsStatus: "SMS_ON" } }), "VALIDATION").then((err) =>
      expect(Object.keys(err.fieldErrors!)).toEqual(["smsStatus"]),
    );
    await expectRefused(() => editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, srcSystemId: coach.phones[0].srcSystemId } }), "CONFLICT").then((err) =>
      expect(err.fieldErrors).toEqual({ srcSystemId: "Another phone already has this source id." }),
    );

    await editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, phoneTypeSrcSystemId: "CELL", srcSystemId: "PH-NEW-1", smsStatus: "SMS_ENABLED" } });
    expect(await phoneRow(id)).toMatchObject({ phoneTypeId: inst.phoneTypes.CELL.id, phoneTypeSrcSystemId: "CELL", srcSystemId: "PH-NEW-1", smsStatus: "SMS_ENABLED" });
    expect((await historyOf(id)).map((h) => [h.oldValue, h.newValue])).toEqual([["SMS_DISABLED", "SMS_ENABLED"]]);

    await editPersonPhone({ ctx: ctx(admin), input: { phoneId: id, srcSystemId: "" } });
    expect((await phoneRow(id)).srcSystemId).toBeNull();
  });
});

describe("verified (SPEC §2)", () => {
  it("records who and when, un-verifying clears the date; each change has a history row", async () => {
    const id = student.phones[0].id;
    const before = (await historyOf(id)).length;
    expect(await setPhoneVerified({ ctx: ctx(admin), input: { phoneId: id, verified: true } })).toEqual({ phoneId: id, verified: true, changed: true });
    expect(await phoneRow(id)).toMatchObject({ verified: true, verifiedAt: now, verifiedByUserId: admin.userId });
    expect(await setPhoneVerified({ ctx: ctx(admin), input: { phoneId: id, verified: true } })).toMatchObject({ changed: false });

    const later = new Date(now.getTime() + 120_000);
    await setPhoneVerified({ ctx: ctx(admin, later), input: { phoneId: id, verified: false } });
    expect(await phoneRow(id)).toMatchObject({ verified: false, verifiedAt: null, verifiedByUserId: null });
    const rows = (await historyOf(id)).slice(before);
    expect(rows.map(({ field, oldValue, newValue, actorUserId, changedAt }) => ({ field, oldValue, newValue, actorUserId, changedAt }))).toEqual([
      { field: "VERIFIED", oldValue: "false", newValue: "true", actorUserId: admin.userId, changedAt: now },
      { field: "VERIFIED", oldValue: "true", newValue: "false", actorUserId: admin.userId, changedAt: later },
    ]);
  });

  it("refuses a non-boolean with a field error", async () => {
    const err = await expectRefused(() => setPhoneVerified({ ctx: ctx(admin), input: { phoneId: student.phones[0].id, verified: "yes" } }), "VALIDATION");
    expect(Object.keys(err.fieldErrors!)).toEqual(["verified"]);
  });
});

describe("adding a phone", () => {
  it.each([
    ["letters", "555-CALL-NOW", "number"],
    ["too few digits", "555-01", "number"],
    ["an area code starting with 1", "(123) 555-0101", "number"],
    ["an empty number", "", "number"],
    ["the System type", "(312) 555-0150", "phoneTypeSrcSystemId", "AVISO.SYSTEM"],
    ["an unknown type", "(312) 555-0150", "phoneTypeSrcSystemId", "FAX"],
  ])("refuses %s with a field error and adds nothing", async (_what, number, field, type = "CELL") => {
    const err = await expectRefused(() => addPersonPhone({ ctx: ctx(admin), input: { personId: student.id, number, phoneTypeSrcSystemId: type } }), "VALIDATION");
    expect(Object.keys(err.fieldErrors!)).toEqual([field]);
  });

  it("refuses a reserved or taken source id", async () => {
    const reserved = await expectRefused(
      () => addPersonPhone({ ctx: ctx(admin), input: { personId: student.id, number: "3125550150", phoneTypeSrcSystemId: "CELL", srcSystemId: "X.AVISO.SMS" } }),
      "VALIDATION",
    );
    expect(Object.keys(reserved.fieldErrors!)).toEqual(["srcSystemId"]);
    const taken = await expectRefused(
      () => addPersonPhone({ ctx: ctx(admin), input: { personId: student.id, number: "3125550150", phoneTypeSrcSystemId: "CELL", srcSystemId: coach.phones[0].srcSystemId! } }),
      "CONFLICT",
    );
    expect(taken.fieldErrors).toEqual({ srcSystemId: "Another phone already has this source id." });
  });

  it("stores E.164, SMS_DEFAULT and unverified; the same number twice is refused", async () => {
    const { phoneId } = await addPersonPhone({ ctx: ctx(admin), input: { personId: student.id, number: " (312) 555-0142 ", phoneTypeSrcSystemId: "HOME", srcSystemId: "" } });
    expect(await phoneRow(phoneId)).toMatchObject({
      personId: student.id,
      institutionId: inst.id,
      number: "+13125550142",
      phoneTypeSrcSystemId: "HOME",
      smsStatus: "SMS_DEFAULT",
      verified: false,
      srcSystemId: null,
      deleted: false,
      createdAt: now,
    });
    expect(await historyOf(phoneId)).toEqual([]);
    const err = await expectRefused(() => addPersonPhone({ ctx: ctx(admin), input: { personId: student.id, number: "+1 312 555 0142", phoneTypeSrcSystemId: "CELL" } }), "VALIDATION");
    expect(err.fieldErrors).toEqual({ number: "This person already has this number." });
  });
});

describe("deleting a phone", () => {
  it("soft-deletes: the row and its history stay, further edits are refused, a second delete changes nothing", async () => {
    const phone = await createPhone(getDb(), student, { smsStatus: "SMS_ENABLED" });
    await editPersonPhone({ ctx: ctx(admin), input: { phoneId: phone.id, smsStatus: "SMS_DISABLED" } });
    expect(await deletePersonPhone({ ctx: ctx(admin), input: { phoneId: phone.id } })).toEqual({ phoneId: phone.id, changed: true });
    expect(await phoneRow(phone.id)).toMatchObject({ deleted: true, smsStatus: "SMS_DISABLED", updatedAt: now });
    expect(await historyOf(phone.id)).toHaveLength(1);
    await expectRefused(() => editPersonPhone({ ctx: ctx(admin), input: { phoneId: phone.id, smsStatus: "SMS_ENABLED" } }), "CONFLICT");
    await expectRefused(() => setPhoneVerified({ ctx: ctx(admin), input: { phoneId: phone.id, verified: true } }), "CONFLICT");
    expect(await deletePersonPhone({ ctx: ctx(admin), input: { phoneId: phone.id } })).toEqual({ phoneId: phone.id, changed: false });
    // The deleted number may be added again as a new record.
    await addPersonPhone({ ctx: ctx(admin), input: { personId: student.id, number: phone.number, phoneTypeSrcSystemId: "CELL" } });
    expect((await phonesOf(student.id)).filter((p) => p.number === phone.number).map((p) => p.deleted).sort()).toEqual([false, true]);
  });
});

describe("system numbers (SPEC §6)", () => {
  it("are not edited, verified or deleted from the profile", async () => {
    await expectRefused(() => editPersonPhone({ ctx: ctx(admin), input: { phoneId: systemPhoneId, smsStatus: "SMS_ENABLED" } }), "CONFLICT");
    await expectRefused(() => setPhoneVerified({ ctx: ctx(admin), input: { phoneId: systemPhoneId, verified: true } }), "CONFLICT");
    const err = await expectRefused(() => deletePersonPhone({ ctx: ctx(admin), input: { phoneId: systemPhoneId } }), "CONFLICT");
    expect(err.message).toMatch(/Phone Number Usage/);
  });
});

describe("profile details", () => {
  it("lists manual and automatic history newest first, with who, cause and message", async () => {
    const phone = await createPhone(getDb(), student, { smsStatus: "SMS_ENABLED" });
    const t1 = new Date("2025-06-01T10:00:00Z");
    const t2 = new Date("2025-06-02T10:00:00Z");
    await setSmsStatus(getDb(), { institutionId: inst.id, phoneIds: [phone.id], status: "SMS_DISABLED", actor: { type: "SYSTEM", reason: "OPT_OUT_KEYWORD", messageId: 4242 }, now: t1 });
    await editPersonPhone({ ctx: ctx(admin, t2), input: { phoneId: phone.id, smsStatus: "SMS_ENABLED" } });

    const details = await getProfileDetails({ ctx: ctx(advisor), input: { personId: student.id } });
    expect(details.history.filter((h) => h.phoneId === phone.id)).toEqual([
      { id: expect.any(Number), phoneId: phone.id, field: "SMS_STATUS", oldValue: "SMS_DISABLED", newValue: "SMS_ENABLED", by: { type: "USER", userId: admin.userId, displayName: admin.displayName }, reason: null, messageId: null, conversationId: null, number: phone.number, changedAt: t2.toISOString() },
      { id: expect.any(Number), phoneId: phone.id, field: "SMS_STATUS", oldValue: "SMS_ENABLED", newValue: "SMS_DISABLED", by: { type: "SYSTEM" }, reason: "OPT_OUT_KEYWORD", messageId: 4242, conversationId: null, number: phone.number, changedAt: t1.toISOString() },
    ]);
    expect(details.canEditPhones).toBe(false);
    expect(details.phoneTypes.map((t) => t.srcSystemId)).toEqual(["CELL", "HOME", "WORK"]);
    expect((await getProfileDetails({ ctx: ctx(admin), input: { personId: student.id } })).canEditPhones).toBe(true);
  });

  it("names the conversation of the message behind an automatic change, for the profile's link", async () => {
    const db = getDb();
    const phone = await createPhone(db, student, { smsStatus: "SMS_DEFAULT" });
    const [conversation] = await db
      .insert(conversations)
      .values({ institutionId: inst.id, ownerPersonId: coach.id, counterpartPersonId: student.id, counterpartNumber: phone.number })
      .returning();
    const [message] = await db
      .insert(messages)
      .values({ institutionId: inst.id, conversationId: conversation.id, channel: "SMS", direction: "INBOUND", fromPersonId: student.id, fromAddress: phone.number, body: "hi", status: "received" })
      .returning();
    await setSmsStatus(db, { institutionId: inst.id, phoneIds: [phone.id], status: "SMS_ENABLED", actor: { type: "SYSTEM", reason: "INITIATION", messageId: message.id }, now });
    const { history } = await getProfileDetails({ ctx: ctx(admin), input: { personId: student.id } });
    expect(history.find((h) => h.phoneId === phone.id)).toMatchObject({ by: { type: "SYSTEM" }, reason: "INITIATION", messageId: message.id, conversationId: conversation.id, number: phone.number });
  });

  it("lists the success team's staff with their numbers, the system number as Text Msg Only", async () => {
    const { successTeam } = await getProfileDetails({ ctx: ctx(studentActor), input: { personId: student.id } });
    expect(successTeam).toEqual([
      {
        personId: coach.id,
        name: "Dana Brooks",
        teamRole: "Coach",
        phones: expect.arrayContaining([
          expect.objectContaining({ id: coach.phones[0].id, typeName: "Work", textOnly: false }),
          expect.objectContaining({ id: systemPhoneId, typeName: "System", textOnly: true }),
        ]),
      },
    ]);
    expect(successTeam[0].phones).toHaveLength(2);
  });

  it("lets a student read only their own, and answers NOT_FOUND across institutions", async () => {
    await expect(getProfileDetails({ ctx: ctx(studentActor), input: { personId: coach.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getProfileDetails({ ctx: ctx(otherAdmin), input: { personId: student.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getProfileDetails({ ctx: ctx(operator), input: { personId: student.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
