import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { persons } from "@/db/schema";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { listPersons, toPersonMatch } from "./list-persons";
import type { ListPersonsInput, PersonListPage } from "./schemas";

let inst: FactoryInstitution;
let advisor: Actor;
const ctx = () => ({ db: getDb(), actor: advisor, now: new Date() });
const list = (input: ListPersonsInput) => listPersons({ ctx: ctx(), input });

const LAST_NAMES = ["Nguyen", "García", "Smith", "smith", "O'Brien", "Adams", "Zhang", "Nguyen"];

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db);
  // 24 people with repeated last and first names, so ties are broken by id.
  for (let i = 0; i < 24; i++) {
    await createPerson(db, inst, {
      firstName: i % 3 === 0 ? "Sam" : `First${i % 5}`,
      lastName: LAST_NAMES[i % LAST_NAMES.length],
      kind: i % 4 === 0 ? "staff" : "student",
      roles: i % 4 === 0 ? ["FACULTY"] : ["STUDENT"],
      emails: [`p${i}@list.example`],
      phones: i === 5 ? [{ number: "+13125550155" }] : [],
      deleted: i === 7,
    });
  }
  const me = await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"], firstName: "Ann", lastName: "Advisor" });
  advisor = (await loadActor(db, (await createUser(db, me)).id))!;
  const otherInst = await createInstitution(db);
  await createPerson(db, otherInst, { firstName: "Sam", lastName: "Smith" });
});

async function expectedIds(order: "asc" | "desc" = "asc") {
  const rows = await getDb()
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.institutionId, inst.id), eq(persons.deleted, false)))
    .orderBy(asc(persons.lastName), asc(persons.firstName), asc(persons.id));
  const ids = rows.map((r) => r.id);
  return order === "asc" ? ids : ids.reverse();
}

async function walk(first: PersonListPage, direction: "next" | "prev", input: ListPersonsInput) {
  const pages = [first];
  let page = first;
  for (let cursor = page[`${direction}Cursor`]; cursor; cursor = page[`${direction}Cursor`]) {
    page = await list({ ...input, cursor });
    pages.push(page);
  }
  return pages;
}

describe("listPersons", () => {
  it("walks every page forwards and back with no duplicates or gaps", async () => {
    const forward = await walk(await list({ limit: 5 }), "next", { limit: 5 });
    const ids = forward.flatMap((p) => p.items.map((i) => i.id));
    expect(ids).toEqual(await expectedIds());
    expect(forward.map((p) => p.items.length)).toEqual([5, 5, 5, 5, 4]);
    expect(forward[0].prevCursor).toBeNull();
    expect(forward.at(-1)!.nextCursor).toBeNull();

    const backward = await walk(forward.at(-1)!, "prev", { limit: 5 });
    expect(backward.map((p) => p.items.map((i) => i.id)).reverse()).toEqual(forward.map((p) => p.items.map((i) => i.id)));
    expect(backward.at(-1)!.prevCursor).toBeNull();
  });

  it("walks in descending order too", async () => {
    const pages = await walk(await list({ limit: 7, order: "desc" }), "next", { limit: 7, order: "desc" });
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(await expectedIds("desc"));
  });

  it("searches names (any word order), source ids, emails and phone digits", async () => {
    const names = (page: PersonListPage) => page.items.map((i) => `${i.firstName} ${i.lastName}`);
    expect(names(await list({ q: "smith sam" })).every((n) => /^Sam smith$/i.test(n))).toBe(true);
    expect((await list({ q: "smith sam" })).items).toHaveLength(2);
    expect((await list({ q: "p13@list" })).items.map((i) => i.primaryEmail)).toEqual(["p13@list.example"]);
    const byPhone = await list({ q: "(312) 555-0155" });
    expect(byPhone.items.map((i) => i.mainPhone)).toEqual([{ number: "+13125550155", formatted: "(312) 555-0155", typeName: "Cell" }]);
    const someone = (await list({ limit: 1 })).items[0];
    expect((await list({ q: someone.srcSystemId! })).items.map((i) => i.id)).toEqual([someone.id]);
    expect((await list({ q: "100%_\\" })).items).toEqual([]);
  });

  it("filters by kind, role and deleted", async () => {
    const staff = await list({ kind: "staff", limit: 100 });
    expect(staff.items.every((i) => i.kind === "staff")).toBe(true);
    expect(staff.items).toHaveLength(7);
    expect((await list({ kind: "student", limit: 100 })).items).toHaveLength(17);
    expect((await list({ role: "ADVISOR" })).items.map((i) => i.roles)).toEqual([[{ code: "ADVISOR", name: "Advisor" }]]);
    const deleted = await list({ deleted: "true" });
    expect(deleted.items.map((i) => i.deleted)).toEqual([true]);
  });

  it("refuses a forged cursor and students", async () => {
    await expect(list({ cursor: "garbage" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { cursor: expect.any(String) } });
    const student = await createPerson(getDb(), inst);
    const actor = (await loadActor(getDb(), (await createUser(getDb(), student)).id))!;
    await expect(listPersons({ ctx: { db: getDb(), actor, now: new Date() }, input: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("toPersonMatch", () => {
  it.each([
    ["", { words: [] }],
    ["Smith, Sam", { words: ["smith", "sam"], emailText: undefined, phoneDigits: undefined }],
    ["jo@x.edu", { words: ["jo@x.edu"], emailText: "jo@x.edu", phoneDigits: undefined }],
    ["(312) 555", { words: ["(312)", "555"], emailText: undefined, phoneDigits: "312555" }],
    ["12", { words: ["12"], emailText: "12", phoneDigits: undefined }],
  ])("matches %j as %j", (q, expected) => {
    expect(toPersonMatch(q)).toEqual(expected);
  });
});
