import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { exportPersonPhonesCsv, PERSON_PHONE_CSV_HEADER } from "./export-person-phones";
import { listPersonPhoneView } from "./list-person-phone-view";

let inst: FactoryInstitution;
let admin: Actor;
let advisor: Actor;
let studentActor: Actor;
let operator: Actor;
let otherAdmin: Actor;
let ada: FactoryPerson;
let bo: FactoryPerson;
let coach: FactoryPerson;
let systemPhoneId: string;
const now = new Date("2025-05-06T15:00:00Z");
const ctx = (actor: Actor) => ({ db: getDb(), actor, now });
const list = (input: Record<string, unknown>) => listPersonPhoneView({ ctx: ctx(admin), input });

async function actorOf(person: FactoryPerson) {
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}

async function csvOf(actor: Actor, input: Record<string, unknown>, batchSize?: number) {
  const { filename, chunks } = exportPersonPhonesCsv({ ctx: ctx(actor), input, batchSize });
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return { filename, parts };
}

beforeAll(async () => {
  const db = getDb();
  inst = await createInstitution(db);
  const other = await createInstitution(db);
  admin = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"], firstName: "Avery", lastName: "Admin", phones: [] }));
  advisor = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"], firstName: "Alex", lastName: "Zed", phones: [] }));
  ada = await createPerson(db, inst, {
    firstName: "Ada",
    lastName: "Lovelace",
    phones: [
      { number: "+13125550101", type: "CELL", smsStatus: "SMS_ENABLED", verifiedAt: now, srcSystemId: "PH-ADA-1" },
      { number: "+13125550102", type: "HOME", deleted: true, srcSystemId: "PH-ADA-2" },
    ],
  });
  studentActor = await actorOf(ada);
  bo = await createPerson(db, inst, {
    firstName: "=Bo",
    lastName: "Diaz, Jr",
    phones: [
      { number: "+13125550103", type: "CELL", smsStatus: "SMS_DISABLED", srcSystemId: "PH-BO-1" },
      { number: "+13125550104", type: "WORK", srcSystemId: "PH-BO-2" },
    ],
  });
  coach = await createPerson(db, inst, { kind: "staff", roles: ["COACH"], firstName: "Dana", lastName: "Brooks", phones: [{ number: "+13125550105", type: "WORK", srcSystemId: "PH-DANA-1" }] });
  const [pooled] = await createSystemNumbers(db, inst, 1);
  const held = await assignSystemNumber(db, { institutionId: inst.id, userId: (await createUser(db, coach)).id, personId: coach.id, now });
  expect(held?.number).toBe(pooled.number);
  systemPhoneId = held!.personPhoneId;
  operator = (await loadActor(db, (await createUser(db, inst, { operator: true })).id))!;
  otherAdmin = await actorOf(await createPerson(db, other, { kind: "staff", roles: ["ADMIN"], phones: [{ number: "+13125550101" }] }));
});

describe("Person Phone data view", () => {
  it("lists every phone record of the institution with its source ids and deleted, by person", async () => {
    const page = await list({});
    // By last name, first name, then phone id (a uuid: random within one person).
    expect(page.items.map((i) => i.personName)).toEqual(["Brooks, Dana", "Brooks, Dana", "Diaz, Jr, =Bo", "Diaz, Jr, =Bo", "Lovelace, Ada", "Lovelace, Ada"]);
    expect(page.items.map((i) => [i.srcSystemId?.endsWith("AVISO.SMS") ? "system" : i.srcSystemId, i.phoneTypeSrcSystemId, i.deleted]).sort()).toEqual([
      ["PH-ADA-1", "CELL", false],
      ["PH-ADA-2", "HOME", true],
      ["PH-BO-1", "CELL", false],
      ["PH-BO-2", "WORK", false],
      ["PH-DANA-1", "WORK", false],
      ["system", "AVISO.SYSTEM", false],
    ]);
    for (let i = 1; i < page.items.length; i++) {
      if (page.items[i].personName === page.items[i - 1].personName) expect(page.items[i].id > page.items[i - 1].id).toBe(true);
    }
    expect(page.items).toHaveLength(6);
    const system = page.items.find((i) => i.id === systemPhoneId)!;
    expect(system).toMatchObject({ typeName: "System", smsStatus: "SMS_DEFAULT", verified: false, deleted: false });
    expect(system.srcSystemId).toMatch(/AVISO\.SMS$/);
    expect(page.items.find((i) => i.srcSystemId === "PH-ADA-1")).toMatchObject({
      formatted: "(312) 555-0101",
      personId: ada.id,
      typeName: "Cell",
      smsStatus: "SMS_ENABLED",
      verified: true,
      verifiedAt: now.toISOString(),
    });
    expect(page).toMatchObject({ nextCursor: null, prevCursor: null });
  });

  it("filters: deleted = false keeps the active system number; deleted, status, verified, type", async () => {
    const ids = async (input: Record<string, unknown>) => (await list(input)).items.map((i) => i.srcSystemId ?? i.id).sort();
    const current = await ids({ deleted: "false" });
    expect(current).toHaveLength(5);
    expect(current).not.toContain("PH-ADA-2");
    expect((await list({ deleted: "false" })).items.some((i) => i.id === systemPhoneId)).toBe(true);
    expect(await ids({ deleted: "true" })).toEqual(["PH-ADA-2"]);
    expect(await ids({ smsStatus: "SMS_DISABLED" })).toEqual(["PH-BO-1"]);
    expect(await ids({ verified: "true" })).toEqual(["PH-ADA-1"]);
    expect(await ids({ type: "WORK", deleted: "" })).toEqual(["PH-BO-2", "PH-DANA-1"]);
    expect((await list({ type: "AVISO.SYSTEM", deleted: "false" })).items.map((i) => i.id)).toEqual([systemPhoneId]);
  });

  it("searches names and source ids by words, numbers by digits", async () => {
    const ids = async (q: string) => (await list({ q })).items.map((i) => i.srcSystemId).sort();
    expect(await ids("lovelace")).toEqual(["PH-ADA-1", "PH-ADA-2"]);
    expect(await ids("ada ph-ada-2")).toEqual(["PH-ADA-2"]);
    expect(await ids("(312) 555-0103")).toEqual(["PH-BO-1"]);
    expect((await list({ q: "aviso.sms" })).items.map((i) => i.id)).toEqual([systemPhoneId]);
    expect(await ids("nobody")).toEqual([]);
  });

  it("pages by keyset forwards and back, by number both ways", async () => {
    const all = (await list({ sort: "number" })).items.map((i) => i.number);
    expect(all).toEqual([...all].sort());
    const first = await list({ sort: "number", limit: 2 });
    expect(first.items.map((i) => i.number)).toEqual(all.slice(0, 2));
    expect(first.prevCursor).toBeNull();
    const second = await list({ sort: "number", limit: 2, cursor: first.nextCursor });
    expect(second.items.map((i) => i.number)).toEqual(all.slice(2, 4));
    const back = await list({ sort: "number", limit: 2, cursor: second.prevCursor });
    expect(back.items.map((i) => i.number)).toEqual(all.slice(0, 2));
    expect(back.prevCursor).toBeNull();
    const desc = await list({ sort: "number", dir: "desc", limit: 4 });
    expect(desc.items.map((i) => i.number)).toEqual([...all].reverse().slice(0, 4));
    const descNext = await list({ sort: "number", dir: "desc", limit: 4, cursor: desc.nextCursor });
    expect(descNext.items.map((i) => i.number)).toEqual([...all].reverse().slice(4));
    expect(descNext.nextCursor).toBeNull();
  });

  it("refuses a cursor of another sort or a forged one, and unknown filter values", async () => {
    const first = await list({ sort: "number", limit: 2 });
    await expect(list({ sort: "person", cursor: first.nextCursor })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { cursor: expect.any(String) } });
    await expect(list({ cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(list({ smsStatus: "ON" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { smsStatus: "Not an SMS status." } });
    await expect(list({ deleted: "maybe" })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("is for administrators only; another institution sees none of these records", async () => {
    for (const actor of [advisor, studentActor, operator]) {
      await expect(listPersonPhoneView({ ctx: ctx(actor), input: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(() => exportPersonPhonesCsv({ ctx: ctx(actor), input: {} })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    }
    const theirs = await listPersonPhoneView({ ctx: ctx(otherAdmin), input: {} });
    expect(theirs.items).toHaveLength(1);
    expect(theirs.items[0].personId).not.toBe(ada.id);
  });
});

describe("Person Phone CSV export", () => {
  it("streams the whole filtered selection in keyset batches, same order as the view", async () => {
    const { filename, parts } = await csvOf(admin, { deleted: "false", cursor: "ignored", limit: 1 }, 2);
    expect(filename).toBe("person-phone-2025-05-06.csv");
    expect(parts[0]).toBe(`${PERSON_PHONE_CSV_HEADER.join(",")}\r\n`);
    // 5 current records in batches of 2: 2 + 2 + 1 lines.
    expect(parts.slice(1).map((p) => p.split("\r\n").length - 1)).toEqual([2, 2, 1]);
    const lines = parts.join("").split("\r\n").slice(1, -1);
    const view = (await list({ deleted: "false" })).items;
    expect(lines.map((l) => l.split(",")[0])).toEqual(view.map((i) => i.id));
  });

  it("writes each column, quoting commas and defusing formulas", async () => {
    const { parts } = await csvOf(admin, { q: "PH-BO-1" });
    const [, line] = parts.join("").split("\r\n");
    expect(line).toBe(
      [
        bo.phones[0].id,
        "+13125550103",
        bo.id,
        `"Diaz, Jr, =Bo"`,
        bo.srcSystemId,
        "Cell",
        "CELL",
        "SMS_DISABLED",
        "false",
        "",
        "PH-BO-1",
        "false",
        bo.phones[0].createdAt.toISOString(),
      ].join(","),
    );
    const { parts: formula } = await csvOf(admin, { q: "=bo" });
    expect(formula.join("")).toContain(`"Diaz, Jr, =Bo"`);
  });

  it("an empty selection is the header alone; a full batch is followed by one empty read", async () => {
    expect((await csvOf(admin, { q: "nobody" })).parts).toEqual([`${PERSON_PHONE_CSV_HEADER.join(",")}\r\n`]);
    const { parts } = await csvOf(admin, { deleted: "true" }, 1);
    expect(parts).toHaveLength(2);
  });
});
