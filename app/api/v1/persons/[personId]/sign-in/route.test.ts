import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createPerson, createUser } from "@/db/factories";
import { settingsAudit, users } from "@/db/schema";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import { createApiKey } from "@/lib/auth/api-keys";
import * as listRoute from "../../route";
import * as route from "./route";

let f: ApiFixture;
beforeAll(async () => {
  f = await createApiFixture(getDb());
});

const patch = (role: ApiRole, personId: string, body: unknown) =>
  callRoute(route.PATCH, { key: f.keys[role], method: "PATCH", params: { personId }, body });
const get = (role: ApiRole, personId: string) => callRoute(route.GET, { key: f.keys[role], params: { personId } });

async function staffWithKey() {
  const db = getDb();
  const person = await createPerson(db, f.north, { kind: "staff", roles: ["ADVISOR"] });
  const user = await createUser(db, person);
  const key = (await createApiKey(db, user.id))!.key;
  return { person, user, key };
}

const listWith = (key: string) => callRoute(listRoute.GET, { key, path: "/api/v1/persons" });

describe("PATCH /api/v1/persons/{personId}/sign-in", () => {
  it("an administrator disables a user: cut off at once (API key 401, session version moved on), recorded; re-enabling lets them back", async () => {
    const db = getDb();
    const { person, user, key } = await staffWithKey();
    expect((await listWith(key)).status).toBe(200);

    const res = await patch("admin", person.id, { disabled: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      personId: person.id,
      userId: user.id,
      email: user.email,
      disabled: true,
      disabledAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      disabledBy: `${f.people.admin.firstName} ${f.people.admin.lastName}`,
    });
    expect((await listWith(key)).status).toBe(401);
    const [row] = await db.select({ v: users.sessionVersion, by: users.disabledByUserId }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ v: 1, by: f.userIds.admin });

    // Disabling again changes nothing and records nothing.
    expect((await patch("admin", person.id, { disabled: true })).status).toBe(200);
    const enabled = await patch("admin", person.id, { disabled: false });
    expect(enabled.body).toMatchObject({ disabled: false, disabledAt: null, disabledBy: null });
    expect((await listWith(key)).status).toBe(200);

    const audit = await db
      .select({ oldValue: settingsAudit.oldValue, newValue: settingsAudit.newValue, by: settingsAudit.changedByUserId })
      .from(settingsAudit)
      .where(and(eq(settingsAudit.scope, "user-sign-in"), eq(settingsAudit.field, user.id)))
      .orderBy(settingsAudit.id);
    expect(audit).toEqual([
      { oldValue: { disabled: false }, newValue: { disabled: true }, by: f.userIds.admin },
      { oldValue: { disabled: true }, newValue: { disabled: false }, by: f.userIds.admin },
    ]);
  });

  it("an administrator cannot disable themselves", async () => {
    const res = await patch("admin", f.people.admin.id, { disabled: true });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("You cannot disable your own sign-in.");
    expect((await get("admin", f.people.admin.id)).body.disabled).toBe(false);
  });

  it.each([
    ["a non-administrator", "advisor", 403],
    ["another institution's administrator", "lakesideAdmin", 404],
  ] as const)("refuses %s (%s) and changes nothing", async (_who, role, status) => {
    const { person, user } = await staffWithKey();
    expect((await patch(role, person.id, { disabled: true })).status).toBe(status);
    const [row] = await getDb().select({ disabled: users.disabled }).from(users).where(eq(users.id, user.id));
    expect(row.disabled).toBe(false);
  });

  it("answers 404 for a person without a sign-in or an id that is not one, 400 for a body without a boolean", async () => {
    const student = await createPerson(getDb(), f.north, { kind: "student" });
    expect((await patch("admin", student.id, { disabled: true })).status).toBe(404);
    expect((await patch("admin", "nope", { disabled: true })).status).toBe(404);
    const bad = await patch("admin", f.people.advisor.id, { disabled: "yes" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(["disabled"]);
  });
});

describe("GET /api/v1/persons/{personId}/sign-in", () => {
  it("tells an administrator whether the person may sign in", async () => {
    const res = await get("admin", f.people.advisor.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ personId: f.people.advisor.id, userId: f.userIds.advisor, email: expect.any(String), disabled: false, disabledAt: null, disabledBy: null });
    expect((await get("faculty", f.people.advisor.id)).status).toBe(403);
  });
});
