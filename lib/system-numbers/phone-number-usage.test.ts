import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution } from "@/db/factories";
import { loadActor } from "@/lib/auth/load-actor";
import { assignSystemNumber, findHeldNumber } from "@/db/queries/system-numbers";
import { personPhones, settingsAudit, systemNumberAssignments } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { listPhoneNumberUsage } from "./list-phone-number-usage";
import { releaseSystemNumber } from "./release-system-number";

const now = new Date("2025-04-02T08:00:00Z");
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });

let inst: FactoryInstitution;
let admin: Actor;
let operator: Actor;
let advisor: Actor;
let otherAdmin: Actor;
/** Holders in name order, with their numbers. */
const holders: { name: string; userId: string; personId: string; number: string }[] = [];
let otherInstAssignmentId: string;

async function holder(i: FactoryInstitution, firstName: string, lastName: string, minutesAgo: number, roles: ("ADVISOR" | "STUDENT")[] = ["ADVISOR"]) {
  const db = getDb();
  const person = await createPerson(db, i, { kind: roles[0] === "STUDENT" ? "student" : "staff", roles, firstName, lastName });
  const user = await createUser(db, person);
  const held = await assignSystemNumber(db, { institutionId: i.id, userId: user.id, personId: person.id, now: new Date(now.getTime() - minutesAgo * 60_000) });
  return { name: `${firstName} ${lastName}`, userId: user.id, personId: person.id, number: held!.number };
}

const actorOf = async (i: FactoryInstitution, roles: ("ADMIN" | "ADVISOR")[]) => {
  const db = getDb();
  return (await loadActor(db, (await createUser(db, await createPerson(db, i, { kind: "staff", roles }))).id))!;
};

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db, { smsPhoneNumberLimit: 20 });
  await createSystemNumbers(db, inst, 12);
  admin = await actorOf(inst, ["ADMIN"]);
  advisor = await actorOf(inst, ["ADVISOR"]);
  operator = (await loadActor(db, (await createUser(db, inst, { operator: true })).id))!;
  const names: [string, string][] = [
    ["Zoe", "Adams"], ["Ann", "Baker"], ["Bob", "Baker"], ["Cy", "Chen"], ["Di", "Diaz"], ["Ed", "Evans"], ["Flo", "Fox"],
  ];
  for (const [k, [first, last]] of names.entries()) holders.push(await holder(inst, first, last, 100 - k * 10));
  holders.push(await holder(inst, "Sam", "Student", 5, ["STUDENT"]));

  const other = await createInstitution(db);
  await createSystemNumbers(db, other, 2);
  otherAdmin = await actorOf(other, ["ADMIN"]);
  const otherHolder = await holder(other, "Ann", "Baker", 1);
  const [a] = await db.select().from(systemNumberAssignments).where(eq(systemNumberAssignments.userId, otherHolder.userId));
  otherInstAssignmentId = a.id;
});

async function walk(input: Record<string, unknown>, direction: "next" | "prev" = "next") {
  const pages = [await listPhoneNumberUsage({ ctx: ctx(admin), input })];
  for (let c = pages[0][`${direction}Cursor`]; c; c = pages[pages.length - 1][`${direction}Cursor`]) {
    pages.push(await listPhoneNumberUsage({ ctx: ctx(admin), input: { ...input, cursor: c } }));
  }
  return pages;
}

describe("listPhoneNumberUsage", () => {
  it("lists every holder of the institution by name, with the number formatted and students flagged", async () => {
    const page = await listPhoneNumberUsage({ ctx: ctx(admin), input: {} });
    expect(page.items.map((i) => i.name)).toEqual([
      "Zoe Adams", "Ann Baker", "Bob Baker", "Cy Chen", "Di Diaz", "Ed Evans", "Flo Fox", "Sam Student",
    ]);
    expect(page.items.filter((i) => !i.isStaff).map((i) => i.name)).toEqual(["Sam Student"]);
    const ann = page.items[1];
    expect(ann.number).toBe(holders[1].number);
    expect(ann.formatted).toMatch(/^\(\d{3}\) \d{3}-\d{4}$/);
    expect(ann.personId).toBe(holders[1].personId);
    expect(ann.assignedAt).toEqual(new Date(now.getTime() - 90 * 60_000));
    expect(page).toMatchObject({ nextCursor: null, prevCursor: null });
  });

  it.each([
    ["name", "asc"],
    ["number", "asc"],
    ["assigned", "desc"],
  ] as const)("pages by %s %s forwards and back with no gaps or repeats", async (sort, dir) => {
    const all = (await listPhoneNumberUsage({ ctx: ctx(admin), input: { sort, dir, limit: 100 } })).items.map((i) => i.assignmentId);
    expect(all).toHaveLength(8);
    const forward = await walk({ sort, dir, limit: 3 });
    expect(forward.map((p) => p.items.length)).toEqual([3, 3, 2]);
    expect(forward.flatMap((p) => p.items.map((i) => i.assignmentId))).toEqual(all);
    const back = await walk({ sort, dir, limit: 3, cursor: forward[2].prevCursor }, "prev");
    expect(back.map((p) => p.items.map((i) => i.assignmentId))).toEqual([all.slice(3, 6), all.slice(0, 3)]);
    expect(back[1].prevCursor).toBeNull();
  });

  it("orders by number and by assignment date as asked", async () => {
    const byNumber = await listPhoneNumberUsage({ ctx: ctx(admin), input: { sort: "number", dir: "desc" } });
    expect(byNumber.items.map((i) => i.number)).toEqual([...holders.map((h) => h.number)].sort().reverse());
    const byDate = await listPhoneNumberUsage({ ctx: ctx(admin), input: { sort: "assigned", dir: "asc" } });
    expect(byDate.items.map((i) => i.name)).toEqual(holders.map((h) => h.name));
  });

  it("searches the holder's name and email, and the number by its digits", async () => {
    const names = async (q: string) => (await listPhoneNumberUsage({ ctx: ctx(admin), input: { q } })).items.map((i) => i.name);
    expect(await names("baker")).toEqual(["Ann Baker", "Bob Baker"]);
    expect(await names("ann baker")).toEqual(["Ann Baker"]);
    expect(await names("100%")).toEqual([]);
    const digits = holders[3].number.slice(-7);
    expect(await names(`${digits.slice(0, 3)}-${digits.slice(3)}`)).toEqual(["Cy Chen"]);
  });

  it("refuses a cursor from another order, and a bad sort, naming the field", async () => {
    const first = await listPhoneNumberUsage({ ctx: ctx(admin), input: { limit: 2 } });
    await expect(listPhoneNumberUsage({ ctx: ctx(admin), input: { sort: "number", cursor: first.nextCursor } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { cursor: expect.any(String) },
    });
    await expect(listPhoneNumberUsage({ ctx: ctx(admin), input: { sort: "email" } })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { sort: expect.any(String) } });
  });

  it("shows administrators and the operator only their own institution, and refuses staff", async () => {
    expect((await listPhoneNumberUsage({ ctx: ctx(operator), input: {} })).items).toHaveLength(8);
    expect((await listPhoneNumberUsage({ ctx: ctx(otherAdmin), input: {} })).items.map((i) => i.name)).toEqual(["Ann Baker"]);
    await expect(listPhoneNumberUsage({ ctx: ctx(advisor), input: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("releaseSystemNumber", () => {
  const auditRows = (institutionId: string) =>
    getDb().select().from(settingsAudit).where(and(eq(settingsAudit.institutionId, institutionId), eq(settingsAudit.scope, "PHONE_NUMBER_USAGE")));

  it("ends the assignment, deletes the System phone record and records who removed which number from whom", async () => {
    const db = getDb();
    const target = holders[7];
    const [assignment] = await db.select().from(systemNumberAssignments).where(eq(systemNumberAssignments.userId, target.userId));
    expect(await releaseSystemNumber({ ctx: ctx(admin), input: { assignmentId: assignment.id } })).toEqual({ number: target.number });

    const [after] = await db.select().from(systemNumberAssignments).where(eq(systemNumberAssignments.id, assignment.id));
    expect(after).toMatchObject({ releasedAt: now, releasedByUserId: admin.userId });
    const [phone] = await db.select().from(personPhones).where(eq(personPhones.id, assignment.personPhoneId));
    expect(phone).toMatchObject({ deleted: true, phoneTypeSrcSystemId: "AVISO.SYSTEM", number: target.number });
    expect(await findHeldNumber(db, { institutionId: inst.id, userId: target.userId })).toBeNull();
    expect((await auditRows(inst.id)).map(({ field, oldValue, newValue, changedByUserId, changedAt }) => ({ field, oldValue, newValue, changedByUserId, changedAt }))).toEqual([
      {
        field: "assignment",
        oldValue: { number: target.number, holderName: "Sam Student", userId: target.userId, personId: target.personId, assignmentId: assignment.id },
        newValue: null,
        changedByUserId: admin.userId,
        changedAt: now,
      },
    ]);
    expect((await listPhoneNumberUsage({ ctx: ctx(admin), input: {} })).items.map((i) => i.name)).not.toContain("Sam Student");

    // Back in the pool: the next first-time sender is given the freed number.
    const newcomer = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] });
    const newcomerUser = await createUser(db, newcomer);
    const pool = (await listPhoneNumberUsage({ ctx: ctx(admin), input: { limit: 100 } })).items.map((i) => i.number);
    const given = await assignSystemNumber(db, { institutionId: inst.id, userId: newcomerUser.id, personId: newcomer.id, now });
    expect(given).not.toBeNull();
    expect(pool).not.toContain(given!.number);
  });

  it("answers NOT_FOUND for a second removal and changes nothing", async () => {
    const [assignment] = await getDb().select().from(systemNumberAssignments).where(eq(systemNumberAssignments.userId, holders[7].userId));
    const before = (await auditRows(inst.id)).length;
    await expect(releaseSystemNumber({ ctx: ctx(admin), input: { assignmentId: assignment.id } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditRows(inst.id)).toHaveLength(before);
  });

  it("answers NOT_FOUND for another institution's assignment and leaves it assigned", async () => {
    await expect(releaseSystemNumber({ ctx: ctx(admin), input: { assignmentId: otherInstAssignmentId } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [a] = await getDb().select().from(systemNumberAssignments).where(eq(systemNumberAssignments.id, otherInstAssignmentId));
    expect(a.releasedAt).toBeNull();
  });

  it.each([
    ["the operator", () => operator],
    ["staff", () => advisor],
  ])("refuses %s with FORBIDDEN and keeps the assignment", async (_who, who) => {
    const [assignment] = await getDb().select().from(systemNumberAssignments).where(eq(systemNumberAssignments.userId, holders[0].userId));
    await expect(releaseSystemNumber({ ctx: ctx(who()), input: { assignmentId: assignment.id } })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [a] = await getDb().select().from(systemNumberAssignments).where(eq(systemNumberAssignments.id, assignment.id));
    expect(a.releasedAt).toBeNull();
  });

  it("refuses an id that is not a uuid as a validation error", async () => {
    await expect(releaseSystemNumber({ ctx: ctx(admin), input: { assignmentId: "42" } })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { assignmentId: "Not an assignment id." },
    });
  });
});
