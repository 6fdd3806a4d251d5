import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createUser, type FactoryPerson } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import { EXPORT_BATCH_SIZE } from "@/lib/person-phones/export-person-phones";

const state = vi.hoisted(() => ({ actor: null as unknown }));

// The session is Auth.js's business; here the signed-in actor is given.
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  getActor: async () => state.actor,
}));

const { GET } = await import("./route");

let admin: Actor;
let advisor: Actor;
let many: FactoryPerson;

async function actorOf(person: FactoryPerson) {
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}

const get = (query = "") => GET(new Request(`http://localhost/admin/data-views/person-phone/export${query}`));

beforeAll(async () => {
  const db = getDb();
  const inst = await createInstitution(db);
  admin = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"], phones: [] }));
  advisor = await actorOf(await createPerson(db, inst, { kind: "staff", roles: ["ADVISOR"], phones: [] }));
  many = await createPerson(db, inst, { lastName: "Many", phones: [] });
  // More records than one batch, so the stream has to read a second one.
  const { personPhones } = await import("@/db/schema");
  await db.insert(personPhones).values(
    Array.from({ length: EXPORT_BATCH_SIZE + 5 }, (_, i) => ({
      institutionId: inst.id,
      personId: many.id,
      phoneTypeId: inst.phoneTypes.CELL.id,
      phoneTypeSrcSystemId: "CELL",
      number: `+1312${String(2000000 + i).padStart(7, "0")}`,
      srcSystemId: `BULK-${i}`,
      deleted: i % 2 === 1,
    })),
  );
});

describe("GET /admin/data-views/person-phone/export", () => {
  it("streams every matching record as CSV, past one batch", async () => {
    state.actor = admin;
    const res = await get("?q=many&sort=number");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="person-phone-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("id,number,person_id,person_name,person_src_system_id,phone_type,phone_type_src_system_id,sms_status,verified,verified_at,src_system_id,deleted,created_at");
    expect(lines.at(-1)).toBe("");
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(EXPORT_BATCH_SIZE + 5);
    expect(rows[0].split(",")[1]).toBe("+13122000000");
    expect(rows.at(-1)!.split(",")[1]).toBe(`+1312${2000000 + EXPORT_BATCH_SIZE + 4}`);
  });

  it("applies the view's filters", async () => {
    state.actor = admin;
    const rows = (await (await get("?q=many&deleted=false")).text()).split("\r\n").slice(1, -1);
    expect(rows).toHaveLength(Math.ceil((EXPORT_BATCH_SIZE + 5) / 2));
    expect(rows.every((r) => r.split(",")[12] === "false")).toBe(true);
  });

  it("answers 403 to staff, 401 signed out, 400 for a bad filter — with no CSV", async () => {
    state.actor = advisor;
    const forbidden = await get();
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: "FORBIDDEN", message: "Only administrators can read data views." } });
    state.actor = null;
    expect((await get()).status).toBe(401);
    state.actor = admin;
    const bad = await get("?smsStatus=LOUD");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("VALIDATION");
  });
});
