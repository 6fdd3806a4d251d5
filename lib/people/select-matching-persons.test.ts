import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { countMatchingPersons, listMatchingPersons } from "@/db/queries/persons";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { insertNumberedStudents } from "@/db/testing/people";
import { loadActor } from "@/lib/auth/load-actor";
import type { Actor } from "@/lib/auth/capabilities";
import { isAppError } from "@/lib/errors";
import { countMatchingPersonsOfSearch, selectMatchingPersons } from "./select-matching-persons";

/*
 * The People list's "Select all N matches" (issue 15 item 10): every person the search matches,
 * on every page, in the list's order, up to the send limit; never another institution's.
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

describe("select all matches of the People search", () => {
  it("selects every match across pages, by name, not deleted, only this institution", async () => {
    const { people, capped } = await selectMatchingPersons({ ctx: ctx(advisor), input: { q: "quinn" } });
    expect(capped).toBe(false);
    expect(people).toHaveLength(31);
    expect(people.slice(0, 2).map((p) => p.name)).toEqual(["Coach Quinn", "Pupil01 Quinn"]);
    expect(people.at(-1)!.name).toBe("Pupil30 Quinn");
    expect(await countMatchingPersonsOfSearch({ ctx: ctx(advisor), input: { q: "quinn" } })).toBe(31);
  });

  it("keeps the kind filter", async () => {
    const { people } = await selectMatchingPersons({ ctx: ctx(advisor), input: { q: "quinn", kind: "staff" } });
    expect(people.map((p) => p.name)).toEqual(["Coach Quinn"]);
    expect(await countMatchingPersonsOfSearch({ ctx: ctx(advisor), input: { q: "quinn", kind: "student" } })).toBe(30);
  });

  it("stops at the limit it is given: the count at the cap, the list at the limit", async () => {
    const search = { institutionId: inst.id, words: ["quinn"], deleted: false };
    expect(await countMatchingPersons(db(), search, 10)).toBe(10);
    expect(await listMatchingPersons(db(), search, 12)).toHaveLength(12);
  });

  it("refuses a student", async () => {
    const err = await selectMatchingPersons({ ctx: ctx(student), input: { q: "quinn" } }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("FORBIDDEN");
  });
});
