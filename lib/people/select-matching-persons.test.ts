import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { countMatchingPersons, listMatchingPersonIds } from "@/db/queries/persons";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { insertNumberedStudents } from "@/db/testing/people";
import { loadActor } from "@/lib/auth/load-actor";
import type { Actor } from "@/lib/auth/capabilities";
import { resolveAudience } from "@/lib/messaging/send/resolve-audience";
import { successTeamMembers } from "@/db/schema";
import { countMatchingPersonsOfSearch, getPeopleFilterOptions } from "./select-matching-persons";

/*
 * "Message all N matching" of the People list (issue 16 item 2): the search itself is the
 * composer's audience, resolved on the server: every match, on every page, in the list's order,
 * never another institution's, and more than one send may take is refused.
 */

const db = () => getDb();
let inst: FactoryInstitution;
let advisor: Actor;
let student: Actor;

beforeAll(async () => {
  inst = await createInstitution(db());
  const other = await createInstitution(db());
  // 30 "Quinn" students over two pages of the list, one deleted, one staff; a Quinn elsewhere.
  await insertNumberedStudents(db(), { institutionId: inst.id, count: 30, firstNamePrefix: "Pupil", lastName: "Quinn", srcPrefix: "Q-" });
  await createPerson(db(), inst, { firstName: "Gone", lastName: "Quinn", deleted: true });
  await createPerson(db(), inst, { kind: "staff", firstName: "Coach", lastName: "Quinn" });
  await createPerson(db(), other, { firstName: "Elsewhere", lastName: "Quinn" });
  const me = await createPerson(db(), inst, { kind: "staff" });
  advisor = (await loadActor(db(), (await createUser(db(), me)).id))!;
  const pupil = await createPerson(db(), inst, { firstName: "Self", lastName: "Student" });
  student = (await loadActor(db(), (await createUser(db(), pupil)).id))!;
});

const ctx = (actor: Actor) => ({ db: db(), actor, now: new Date() });
const search = (actor: Actor, filter: Record<string, string>) => resolveAudience({ ctx: ctx(actor), input: { type: "search", search: filter } });

describe("everyone the People search matches, as an audience", () => {
  it("is every match across pages, by name, not deleted, only this institution", async () => {
    const ids = await search(advisor, { q: "quinn" });
    expect(ids).toHaveLength(31);
    expect(ids).toEqual(await listMatchingPersonIds(db(), { institutionId: inst.id, words: ["quinn"] }, 100));
    expect(await countMatchingPersonsOfSearch({ ctx: ctx(advisor), input: { q: "quinn" } })).toBe(31);
  });

  it("keeps the kind filter", async () => {
    expect(await search(advisor, { q: "quinn", kind: "staff" })).toHaveLength(1);
    expect(await countMatchingPersonsOfSearch({ ctx: ctx(advisor), input: { q: "quinn", kind: "student" } })).toBe(30);
  });

  it("stops at the limit it is given: the count at the cap, the ids at the limit", async () => {
    const s = { institutionId: inst.id, words: ["quinn"] };
    expect(await countMatchingPersons(db(), { ...s, deleted: false }, 10)).toBe(10);
    expect(await listMatchingPersonIds(db(), s, 12)).toHaveLength(12);
  });

  it("refuses a student", async () => {
    await expect(search(student, { q: "quinn" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses more than 50,000 matches with a clear error; 50,000 exactly is one send", async () => {
    await insertNumberedStudents(db(), { institutionId: inst.id, count: 50_000, firstNamePrefix: "Many", lastName: "Multitude", srcPrefix: "M-" });
    expect(await search(advisor, { q: "multitude" })).toHaveLength(50_000);
    await createPerson(db(), inst, { firstName: "OneMore", lastName: "Multitude" });
    await expect(search(advisor, { q: "multitude" })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "This search matches more than 50,000 people; one send or list takes at most 50,000. Narrow the search.",
    });
    expect(await countMatchingPersonsOfSearch({ ctx: ctx(advisor), input: { q: "multitude" } })).toBe(50_001);
  });

  it("offers the institution's roles and the staff who have a success team, never another institution's", async () => {
    const coach = await createPerson(db(), inst, { kind: "staff", roles: ["COACH"], firstName: "Team", lastName: "Lead" });
    await createPerson(db(), inst, { kind: "staff", roles: ["COACH"], firstName: "No", lastName: "Team" });
    const pupil = await createPerson(db(), inst, { firstName: "On", lastName: "Team" });
    const elsewhere = await createInstitution(db());
    const otherCoach = await createPerson(db(), elsewhere, { kind: "staff", roles: ["COACH"] });
    const otherPupil = await createPerson(db(), elsewhere);
    await db().insert(successTeamMembers).values([
      { institutionId: inst.id, studentPersonId: pupil.id, staffPersonId: coach.id },
      { institutionId: elsewhere.id, studentPersonId: otherPupil.id, staffPersonId: otherCoach.id },
    ]);
    const options = await getPeopleFilterOptions({ ctx: ctx(advisor) });
    expect(options.teams).toEqual([{ value: coach.id, label: "Team Lead" }]);
    expect(options.roles.map((r) => r.value).sort()).toEqual(Object.keys(inst.roles).sort());
    await expect(getPeopleFilterOptions({ ctx: ctx(student) })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
