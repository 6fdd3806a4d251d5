import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { apiKeys, personEmails, personPhones, personRoles, persons, users } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import * as personRoute from "./[personId]/route";
import * as listRoute from "./route";

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
});

const list = (role: ApiRole, query = "") => callRoute(listRoute.GET, { key: f.keys[role], path: `/api/v1/persons${query}` });
const get = (role: ApiRole, personId: string) => callRoute(personRoute.GET, { key: f.keys[role], params: { personId } });
const post = (role: ApiRole, body: unknown) => callRoute(listRoute.POST, { key: f.keys[role], method: "POST", body });
const patch = (role: ApiRole, personId: string, body: unknown) =>
  callRoute(personRoute.PATCH, { key: f.keys[role], method: "PATCH", params: { personId }, body });

async function rowCounts() {
  const db = getDb();
  const n = async (table: typeof persons | typeof personEmails | typeof personRoles | typeof personPhones) =>
    (await db.select({ n: count() }).from(table))[0].n;
  return { persons: await n(persons), emails: await n(personEmails), roles: await n(personRoles), phones: await n(personPhones) };
}

describe("API key authentication", () => {
  it.each([
    ["no Authorization header", undefined],
    ["a malformed key", "sk_live_short"],
    ["an unknown key", `sk_live_${"A".repeat(43)}`],
  ])("answers 401 to %s", async (_what, key) => {
    const res = await callRoute(listRoute.GET, { key, path: "/api/v1/persons" });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
  });

  it("answers 401 to a revoked key and to a disabled user's key", async () => {
    const db = getDb();
    const revoked = (await createApiKey(db, f.userIds.advisor))!;
    expect((await callRoute(listRoute.GET, { key: revoked.key, path: "/api/v1/persons" })).status).toBe(200);
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, revoked.id));
    expect((await callRoute(listRoute.GET, { key: revoked.key, path: "/api/v1/persons" })).status).toBe(401);

    const disabledPerson = f.people.faculty;
    const [u] = await db.select().from(users).where(eq(users.personId, disabledPerson.id));
    const key = (await createApiKey(db, u.id))!.key;
    await db.update(users).set({ disabled: true }).where(eq(users.id, u.id));
    expect((await callRoute(listRoute.GET, { key, path: "/api/v1/persons" })).status).toBe(401);
    await db.update(users).set({ disabled: false }).where(eq(users.id, u.id));
  });

  it("stores only the hash and records when a key was last used", async () => {
    const db = getDb();
    const created = (await createApiKey(db, f.userIds.admin))!;
    expect(created.key).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row.prefix).toBe(created.key.slice(0, 14));
    expect(row.lastUsedAt).toBeNull();
    await callRoute(listRoute.GET, { key: created.key, path: "/api/v1/persons" });
    const [used] = await db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(used.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("GET /api/v1/persons", () => {
  it.each([
    ["admin", 200],
    ["advisor", 200],
    ["faculty", 200],
    ["student", 403],
    ["operator", 403],
  ] as const)("answers %s with %i", async (role, status) => {
    const res = await list(role);
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body.error.code).toBe("FORBIDDEN");
  });

  it("lists only the caller's institution", async () => {
    const north = (await list("admin", "?limit=100")).body.items.map((i: { id: string }) => i.id);
    const lake = (await list("lakesideAdmin", "?limit=100")).body.items.map((i: { id: string }) => i.id);
    expect(north).toContain(f.people.student.id);
    expect(lake).toEqual([f.people.lakesideAdmin.id]);
  });

  it("answers 400 naming a bad query parameter", async () => {
    const res = await list("advisor", "?limit=1000");
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION", fields: { limit: expect.any(String) } });
    expect(res.body.error.message).toMatch(/^limit: /);
  });
});

describe("GET /api/v1/persons/{personId}", () => {
  it.each([
    ["admin", 200],
    ["advisor", 200],
    ["faculty", 200],
    ["operator", 403],
    ["lakesideAdmin", 404],
  ] as const)("answers %s reading a student with %i", async (role, status) => {
    const res = await get(role, f.people.student.id);
    expect(res.status).toBe(status);
    if (status === 200) expect(res.body.phones[0]).toMatchObject({ number: "+13125550101", formatted: "(312) 555-0101", smsStatus: "SMS_DEFAULT" });
    if (status === 404) expect(res.body.error).toEqual({ code: "NOT_FOUND", message: "No such person." });
  });

  it("lets a student read themselves only", async () => {
    expect((await get("student", f.people.student.id)).status).toBe(200);
    expect((await get("student", f.people.advisor.id)).status).toBe(403);
  });

  it("answers 404 to ids that are not ids", async () => {
    expect((await get("admin", "123")).status).toBe(404);
    expect((await get("admin", "00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

describe("POST /api/v1/persons", () => {
  const body = { firstName: "Grace", lastName: "Hopper", roles: ["FACULTY"], emails: [{ email: "grace@example.edu" }], phones: [{ number: "312-555-0142", phoneTypeSrcSystemId: "CELL" }] };

  it("creates a person for an administrator (201 with Location)", async () => {
    const res = await post("admin", body);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/persons/${res.body.id}`);
    expect(res.body).toMatchObject({ source: "API", kind: "staff", phones: [{ number: "+13125550142", smsStatus: "SMS_DEFAULT", verified: false }] });
    expect((await get("advisor", res.body.id)).body).toEqual(res.body);
  });

  it.each(["advisor", "faculty", "student", "operator"] as const)("refuses %s with 403 and writes nothing", async (role) => {
    const before = await rowCounts();
    expect((await post(role, body)).status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ["letters in a number", "phones[0].number", { ...body, phones: [{ number: "555-CALL-NOW", phoneTypeSrcSystemId: "CELL" }] }],
    ["40 digits", "phones[0].number", { ...body, phones: [{ number: "1".repeat(40), phoneTypeSrcSystemId: "CELL" }] }],
    ["a missing first name", "firstName", { ...body, firstName: undefined }],
    ["an unknown role", "roles[1]", { ...body, roles: ["FACULTY", "WIZARD"] }],
    ["an sms status", "phones[0].smsStatus", { ...body, phones: [{ number: "+13125550143", phoneTypeSrcSystemId: "CELL", smsStatus: "SMS_ENABLED" }] }],
  ])("answers 400 to %s naming %s and writes nothing", async (_what, field, input) => {
    const before = await rowCounts();
    const res = await post("admin", input);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION");
    expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
    expect(Object.keys(res.body.error.fields)).toEqual([field]);
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ["invalid JSON", "{ not json", "The request body is not valid JSON."],
    ["a JSON array", "[]", "The request body must be a JSON object."],
    ["an empty body", "", "The request body is not valid JSON."],
  ])("answers 400 to %s", async (_what, rawBody, message) => {
    const res = await callRoute(listRoute.POST, { key: f.keys.admin, method: "POST", rawBody });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "VALIDATION", message: `body: ${message}`, fields: { body: message } } });
  });
});

describe("PATCH /api/v1/persons/{personId}", () => {
  it("changes a person for an administrator", async () => {
    const res = await patch("admin", f.people.advisor.id, { preferredName: "Ace", roles: ["ADVISOR", "COACH"] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ preferredName: "Ace", roles: [{ code: "ADVISOR" }, { code: "COACH" }] });
  });

  it.each([
    ["advisor", 403],
    ["student", 403],
    ["lakesideAdmin", 404],
  ] as const)("answers %s with %i and changes nothing", async (role, status) => {
    const before = (await get("admin", f.people.student.id)).body;
    expect((await patch(role, f.people.student.id, { firstName: "Changed" })).status).toBe(status);
    expect((await get("admin", f.people.student.id)).body).toEqual(before);
  });

  it("answers 404 to a non-uuid id and 400 to a bad phone", async () => {
    expect((await patch("admin", "nope", { firstName: "X" })).status).toBe(404);
    const res = await patch("admin", f.people.student.id, { phones: [{ number: "555-CALL-NOW", phoneTypeSrcSystemId: "CELL" }] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ "phones[0].number": expect.stringContaining("no letters") });
  });
});
