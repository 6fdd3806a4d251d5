import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { successTeamMembers } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { resolveAudience } from "@/lib/messaging/send/resolve-audience";
import {
  addRecipientListMembersOf,
  createRecipientList,
  deleteRecipientListOf,
  getRecipientList,
  listRecipientLists,
  removeRecipientListMembersOf,
  updateRecipientListOf,
} from "./recipient-lists";

/*
 * Saved recipient lists and composer audiences (issue 16 item 2): people of the institution
 * only, another's unshared list invisible, owner or administrator change it; a search or a list
 * resolved on the server.
 */

const now = new Date("2026-12-07T15:00:00Z");
let inst: FactoryInstitution;
let other: FactoryInstitution;
let owner: Actor;
let colleague: Actor;
let admin: Actor;
let student: Actor;
let lakeAdmin: Actor;
let coachPerson: FactoryPerson;
let people: FactoryPerson[];
let stranger: FactoryPerson;
const tag = `Tag${Date.now().toString(36)}`;

async function actorOf(person: FactoryPerson) {
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}
const ctxOf = (actor: Actor) => ({ db: getDb(), actor, now });

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db);
  other = await createInstitution(db);
  owner = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }));
  colleague = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"] }));
  admin = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] }));
  coachPerson = await createPerson(db, inst, { kind: "staff", roles: ["COACH"] });
  student = await actorOf(await createPerson(db, inst));
  lakeAdmin = await actorOf(await createPerson(db, other, { kind: "staff", roles: ["ADMIN"] }));
  people = [
    // Textable: SMS Enabled.
    await createPerson(db, inst, { firstName: "Ann", lastName: tag, phones: [{ smsStatus: "SMS_ENABLED" }] }),
    // Textable: SMS Default on Cell, students opted in.
    await createPerson(db, inst, { firstName: "Ben", lastName: tag, phones: [{ smsStatus: "SMS_DEFAULT" }] }),
    // Not textable: SMS Default on Home (not the Default SMS Phone Type).
    await createPerson(db, inst, { firstName: "Cy", lastName: tag, phones: [{ type: "HOME", smsStatus: "SMS_DEFAULT" }] }),
    // Not textable: disabled; staff (opted out by default) with SMS Default on Cell.
    await createPerson(db, inst, { firstName: "Di", lastName: tag, phones: [{ smsStatus: "SMS_DISABLED" }] }),
    await createPerson(db, inst, { firstName: "Ed", lastName: tag, kind: "staff", roles: ["FACULTY"], phones: [{ smsStatus: "SMS_DEFAULT" }] }),
  ];
  await createPerson(db, inst, { firstName: "Gone", lastName: tag, deleted: true, phones: [{ smsStatus: "SMS_ENABLED" }] });
  stranger = await createPerson(db, other, { firstName: "Far", lastName: tag });
  await db.insert(successTeamMembers).values([
    { institutionId: inst.id, studentPersonId: people[1].id, staffPersonId: coachPerson.id },
    { institutionId: inst.id, studentPersonId: people[3].id, staffPersonId: coachPerson.id },
  ]);
});

const [ANN, BEN, CY, DI, ED] = [0, 1, 2, 3, 4];
const idsOf = (...i: number[]) => i.map((n) => people[n].id);

describe("audiences resolved on the server", () => {
  it("a search with each filter yields exactly the people it matches, deleted and other institutions' never", async () => {
    const search = async (f: Record<string, string>) => resolveAudience({ ctx: ctxOf(owner), input: { type: "search", search: { q: tag, ...f } } });
    expect(await search({})).toEqual(idsOf(ANN, BEN, CY, DI, ED));
    expect(await search({ kind: "student" })).toEqual(idsOf(ANN, BEN, CY, DI));
    expect(await search({ role: "FACULTY" })).toEqual(idsOf(ED));
    expect(await search({ team: coachPerson.id })).toEqual(idsOf(BEN, DI));
    expect(await search({ sms: "enabled" })).toEqual(idsOf(ANN));
    expect(await search({ sms: "default" })).toEqual(idsOf(BEN, CY, ED));
    expect(await search({ sms: "disabled" })).toEqual(idsOf(DI));
    expect(await search({ textable: "yes" })).toEqual(idsOf(ANN, BEN));
    expect(await search({ textable: "no" })).toEqual(idsOf(CY, DI, ED));
    expect(await search({ textable: "yes", team: coachPerson.id })).toEqual(idsOf(BEN));
  });

  it("refuses bad input with a clear error", async () => {
    await expect(resolveAudience({ ctx: ctxOf(owner), input: { type: "search", search: { team: "nope" } } })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(resolveAudience({ ctx: ctxOf(owner), input: { type: "everyone" } })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(resolveAudience({ ctx: ctxOf(owner), input: { type: "search", search: { q: `${tag}zzz` } } })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "No one matches this search now.",
    });
  });
});

describe("saved recipient lists", () => {
  it("creates a list from ticked people and from a search; its owner sends to it", async () => {
    const ticked = await createRecipientList({ ctx: ctxOf(owner), input: { name: " Advisees ", from: { type: "people", personIds: idsOf(CY, ANN, ANN) } } });
    expect(ticked.members).toBe(2);
    const searched = await createRecipientList({ ctx: ctxOf(owner), input: { name: "Textable", from: { type: "search", search: { q: tag, textable: "yes" } } } });
    expect(searched.members).toBe(2);

    const list = await getRecipientList({ ctx: ctxOf(owner), input: { listId: ticked.listId } });
    expect(list).toMatchObject({ name: "Advisees", shared: false, canChange: true, memberCount: 2 });
    expect(list.members.map((m) => m.name)).toEqual([`Ann ${tag}`, `Cy ${tag}`]);
    expect(await resolveAudience({ ctx: ctxOf(owner), input: { type: "list", listId: ticked.listId } })).toEqual(idsOf(ANN, CY));
    expect(await resolveAudience({ ctx: ctxOf(owner), input: { type: "list", listId: searched.listId } })).toEqual(idsOf(ANN, BEN));
  });

  it("never holds another institution's person: the whole request fails and nothing is stored", async () => {
    await expect(
      createRecipientList({ ctx: ctxOf(owner), input: { name: "Mixed", from: { type: "people", personIds: [people[ANN].id, stranger.id] } } }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: "1 of these people is not in your institution's records. Nothing was changed." });
    expect((await listRecipientLists({ ctx: ctxOf(owner) })).map((l) => l.name)).not.toContain("Mixed");

    const { listId } = await createRecipientList({ ctx: ctxOf(owner), input: { name: "Guarded", from: { type: "people", personIds: idsOf(ANN) } } });
    await expect(addRecipientListMembersOf({ ctx: ctxOf(owner), input: { listId, personIds: [stranger.id, people[BEN].id] } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect((await getRecipientList({ ctx: ctxOf(owner), input: { listId } })).members.map((m) => m.id)).toEqual(idsOf(ANN));
  });

  it("another staff member's unshared list is invisible; shared, it is usable but only its owner or an administrator changes it", async () => {
    const { listId } = await createRecipientList({ ctx: ctxOf(owner), input: { name: "Private", from: { type: "people", personIds: idsOf(ANN, BEN) } } });
    const hidden = { code: "NOT_FOUND", message: "No such list." };
    expect((await listRecipientLists({ ctx: ctxOf(colleague) })).map((l) => l.id)).not.toContain(listId);
    await expect(getRecipientList({ ctx: ctxOf(colleague), input: { listId } })).rejects.toMatchObject(hidden);
    await expect(resolveAudience({ ctx: ctxOf(colleague), input: { type: "list", listId } })).rejects.toMatchObject(hidden);
    await expect(updateRecipientListOf({ ctx: ctxOf(colleague), input: { listId, name: "Mine now" } })).rejects.toMatchObject(hidden);
    await expect(deleteRecipientListOf({ ctx: ctxOf(colleague), input: { listId } })).rejects.toMatchObject(hidden);
    // Another institution's administrator sees nothing of it either.
    await expect(getRecipientList({ ctx: ctxOf(lakeAdmin), input: { listId } })).rejects.toMatchObject(hidden);
    await expect(deleteRecipientListOf({ ctx: ctxOf(lakeAdmin), input: { listId } })).rejects.toMatchObject(hidden);
    // A student uses no lists.
    await expect(listRecipientLists({ ctx: ctxOf(student) })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await updateRecipientListOf({ ctx: ctxOf(owner), input: { listId, name: "Shared cohort", shared: true } });
    const seen = (await listRecipientLists({ ctx: ctxOf(colleague) })).find((l) => l.id === listId);
    expect(seen).toMatchObject({ name: "Shared cohort", shared: true, members: 2, canChange: false });
    expect(await resolveAudience({ ctx: ctxOf(colleague), input: { type: "list", listId } })).toEqual(idsOf(ANN, BEN));
    const refused = { code: "FORBIDDEN", message: "Only the list's owner or an administrator can change or delete it." };
    await expect(updateRecipientListOf({ ctx: ctxOf(colleague), input: { listId, name: "Mine now" } })).rejects.toMatchObject(refused);
    await expect(addRecipientListMembersOf({ ctx: ctxOf(colleague), input: { listId, personIds: idsOf(CY) } })).rejects.toMatchObject(refused);
    await expect(removeRecipientListMembersOf({ ctx: ctxOf(colleague), input: { listId, personIds: idsOf(ANN) } })).rejects.toMatchObject(refused);
    await expect(deleteRecipientListOf({ ctx: ctxOf(colleague), input: { listId } })).rejects.toMatchObject(refused);
    expect((await getRecipientList({ ctx: ctxOf(owner), input: { listId } })).members.map((m) => m.id)).toEqual(idsOf(ANN, BEN));
  });

  it("its owner adds and removes members, renames and deletes it; an administrator may too", async () => {
    const { listId } = await createRecipientList({ ctx: ctxOf(owner), input: { name: "Working", from: { type: "people", personIds: idsOf(ANN) } } });
    expect(await addRecipientListMembersOf({ ctx: ctxOf(owner), input: { listId, personIds: idsOf(BEN, CY, ANN) } })).toEqual({ members: 3 });
    expect(await removeRecipientListMembersOf({ ctx: ctxOf(owner), input: { listId, personIds: idsOf(ANN, DI) } })).toEqual({ removed: 1 });
    expect((await getRecipientList({ ctx: ctxOf(owner), input: { listId } })).members.map((m) => m.id)).toEqual(idsOf(BEN, CY));

    // An administrator sees every list of the institution, shared or not, and may change it.
    expect((await listRecipientLists({ ctx: ctxOf(admin) })).find((l) => l.id === listId)).toMatchObject({ shared: false, canChange: true, members: 2 });
    await updateRecipientListOf({ ctx: ctxOf(admin), input: { listId, name: "Renamed by admin" } });
    expect((await getRecipientList({ ctx: ctxOf(owner), input: { listId } })).name).toBe("Renamed by admin");
    await deleteRecipientListOf({ ctx: ctxOf(admin), input: { listId } });
    await expect(getRecipientList({ ctx: ctxOf(owner), input: { listId } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a blank or overlong name and an empty selection, storing nothing", async () => {
    const before = (await listRecipientLists({ ctx: ctxOf(owner) })).length;
    for (const input of [
      { name: "  ", from: { type: "people", personIds: idsOf(ANN) } },
      { name: "x".repeat(101), from: { type: "people", personIds: idsOf(ANN) } },
      { name: "Empty", from: { type: "people", personIds: [] } },
      { name: "Bad id", from: { type: "people", personIds: ["not-an-id"] } },
    ]) {
      await expect(createRecipientList({ ctx: ctxOf(owner), input })).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect((await listRecipientLists({ ctx: ctxOf(owner) })).length).toBe(before);
  });
});
