import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as usersRoute from "@/app/scim/v2/Users/route";
import * as userRoute from "@/app/scim/v2/Users/[userId]/route";
import * as configRoute from "@/app/scim/v2/ServiceProviderConfig/route";
import * as resourceTypesRoute from "@/app/scim/v2/ResourceTypes/route";
import * as schemasRoute from "@/app/scim/v2/Schemas/route";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, uniqueSuffix, type FactoryInstitution } from "@/db/factories";
import { assignSystemNumber } from "@/db/queries/system-numbers";
import { personEmails, personPhones, personRoles, persons, scimUsers, securityRoles, settingsAudit, systemNumberAssignments, users } from "@/db/schema";
import { authenticate } from "@/lib/auth/authenticate";
import type { Actor } from "@/lib/auth/capabilities";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { loadActor } from "@/lib/auth/load-actor";
import { isSessionTokenCurrent } from "@/lib/auth/session-token";
import { resetEnvCache } from "@/lib/env";
import { setLogSink } from "@/lib/log";
import { SCIM_AUTH_FAILURE_LIMIT } from "@/lib/scim/scim-token";
import { generateScimToken, revokeScimToken, updateScimOptions } from "@/lib/scim/scim-settings";

/*
 * Issue 19.4: SCIM 2.0 provisioning through the real route handlers and a real database —
 * create, uniqueness, filters, Entra ID's and Okta's PATCH shapes, deactivation as the
 * production-safety cut-off with the number released or kept, reactivation, DELETE, tokens,
 * tenancy, and bad input changing nothing.
 */

type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Answer = { status: number; body: any; headers: Headers };

const db = () => getDb();
const logLines: string[] = [];

let north: FactoryInstitution;
let lake: FactoryInstitution;
let northAdmin: Actor;
let northToken: string;
let lakeToken: string;

async function adminOf(inst: FactoryInstitution): Promise<Actor> {
  const person = await createPerson(db(), inst, { kind: "staff", roles: ["ADMIN"] });
  const user = await createUser(db(), person);
  return (await loadActor(db(), user.id))!;
}

const ctxOf = (actor: Actor) => ({ db: db(), actor, now: new Date() });

async function scim(
  handler: unknown,
  opts: { token?: string | null; method?: string; path?: string; params?: Record<string, string>; body?: unknown; rawBody?: string; client?: string },
): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/scim+json", [CLIENT_IP_HEADER]: opts.client ?? "10.0.0.1" };
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? northToken}`;
  const request = new Request(`http://localhost${opts.path ?? "/scim/v2/Users"}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const response = await (handler as Handler)(request, { params: Promise.resolve(opts.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const getUser = (id: string, token?: string) => scim(userRoute.GET, { token, path: `/scim/v2/Users/${id}`, params: { userId: id } });
const patchUser = (id: string, Operations: unknown[], token?: string) =>
  scim(userRoute.PATCH, { token, method: "PATCH", path: `/scim/v2/Users/${id}`, params: { userId: id }, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations } });
const putUser = (id: string, body: unknown, token?: string) => scim(userRoute.PUT, { token, method: "PUT", path: `/scim/v2/Users/${id}`, params: { userId: id }, body });
const deleteUser = (id: string, token?: string) => scim(userRoute.DELETE, { token, method: "DELETE", path: `/scim/v2/Users/${id}`, params: { userId: id } });
const createUserScim = (body: unknown, token?: string) => scim(usersRoute.POST, { token, method: "POST", body });
const listUsers = (query: string, token?: string) => scim(usersRoute.GET, { token, path: `/scim/v2/Users?${query}` });

function newUserBody(overrides: Record<string, unknown> = {}) {
  const s = uniqueSuffix();
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: `Jane.${s}@North.edu`,
    externalId: `ext-${s}`,
    name: { givenName: "Jane", familyName: `Doe ${s}` },
    displayName: `Jane Doe ${s}`,
    emails: [{ value: `Jane.${s}@North.edu`, type: "work", primary: true }],
    active: true,
    ...overrides,
  };
}

/** An advisor of North with a password, a system number and a session (version 0). */
async function advisorWithNumber() {
  const person = await createPerson(db(), north, { kind: "staff", roles: ["ADVISOR"] });
  const user = await createUser(db(), person);
  const held = await assignSystemNumber(db(), { institutionId: north.id, userId: user.id, personId: person.id, now: new Date() });
  expect(held?.assigned).toBe(true);
  return { person, user, session: { userId: user.id, sessionVersion: 0 } };
}

async function activeAssignments(userId: string) {
  const [row] = await db()
    .select({ n: count() })
    .from(systemNumberAssignments)
    .where(and(eq(systemNumberAssignments.userId, userId), isNull(systemNumberAssignments.releasedAt)));
  return row.n;
}

async function userRow(userId: string) {
  const [row] = await db().select().from(users).where(eq(users.id, userId));
  return row;
}

async function userCount() {
  const [row] = await db().select({ n: count() }).from(users);
  return row.n;
}

beforeAll(async () => {
  // Every line is captured, so the test of tokens sees what each level would write.
  process.env.LOG_LEVEL = "debug";
  resetEnvCache();
  setLogSink((_level, line) => logLines.push(line));
  north = await createInstitution(db());
  lake = await createInstitution(db());
  await createSystemNumbers(db(), north, 6);
  northAdmin = await adminOf(north);
  northToken = (await generateScimToken({ ctx: ctxOf(northAdmin) })).token;
  lakeToken = (await generateScimToken({ ctx: ctxOf(await adminOf(lake)) })).token;
});

afterAll(() => setLogSink(null));

describe("SCIM discovery", () => {
  it("answers ServiceProviderConfig, ResourceTypes and Schemas as application/scim+json", async () => {
    const config = await scim(configRoute.GET, { path: "/scim/v2/ServiceProviderConfig" });
    expect(config.status).toBe(200);
    expect(config.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: { supported: false } });
    const types = await scim(resourceTypesRoute.GET, { path: "/scim/v2/ResourceTypes" });
    expect(types.body).toMatchObject({ totalResults: 1, Resources: [{ id: "User", endpoint: "/Users" }] });
    const schemas = await scim(schemasRoute.GET, { path: "/scim/v2/Schemas" });
    expect(schemas.body.Resources[0].id).toBe("urn:ietf:params:scim:schemas:core:2.0:User");
  });
});

describe("creating users", () => {
  it("creates a staff user signing in with userName, with the default role, names, emails and externalId", async () => {
    const body = newUserBody();
    const created = await createUserScim(body);
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    const userName = body.userName.toLowerCase();
    expect(created.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName,
      externalId: body.externalId,
      name: { givenName: "Jane", familyName: body.name.familyName },
      displayName: body.displayName,
      active: true,
      emails: [{ value: userName, type: "work", primary: true }],
      meta: { resourceType: "User", location: `http://localhost:3000/scim/v2/Users/${created.body.id}` },
    });
    expect(created.headers.get("location")).toBe(created.body.meta.location);

    const user = await userRow(created.body.id);
    expect(user).toMatchObject({ institutionId: north.id, email: userName, disabled: false, displayName: body.displayName });
    const roles = await db()
      .select({ code: securityRoles.code })
      .from(personRoles)
      .innerJoin(securityRoles, eq(securityRoles.id, personRoles.roleId))
      .where(eq(personRoles.personId, user.personId!));
    // No role chosen yet: the first staff role without administration, by name (Advisor).
    expect(roles).toEqual([{ code: "ADVISOR" }]);
    expect(await db().select({ email: personEmails.email, isPrimary: personEmails.isPrimary }).from(personEmails).where(eq(personEmails.personId, user.personId!))).toEqual([
      { email: userName, isPrimary: true },
    ]);
    const actor = await loadActor(db(), user.id);
    expect(actor?.capabilities).toMatchObject({ staff: true, admin: false, permittedSender: true });
    expect((await getUser(created.body.id)).body).toEqual(created.body);
  });

  it("gives new users the role the administrator chose", async () => {
    const coach = north.roles.COACH.id;
    await updateScimOptions({ ctx: ctxOf(northAdmin), input: { numberOnDeactivation: "RELEASE", newUserRoleId: coach } });
    const created = await createUserScim(newUserBody());
    const [role] = await db().select({ roleId: personRoles.roleId }).from(personRoles).where(eq(personRoles.personId, (await userRow(created.body.id)).personId!));
    expect(role.roleId).toBe(coach);
    await updateScimOptions({ ctx: ctxOf(northAdmin), input: { numberOnDeactivation: "RELEASE", newUserRoleId: north.roles.ADVISOR.id } });
  });

  it("answers 409 uniqueness for a userName already signing in, in any case and in any institution, and creates nothing", async () => {
    const body = newUserBody();
    expect((await createUserScim(body)).status).toBe(201);
    const before = await userCount();
    const again = await createUserScim({ ...newUserBody(), userName: body.userName.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "409",
      scimType: "uniqueness",
      detail: "userName is already in use by another user.",
    });
    const lakePerson = await createPerson(db(), lake, { kind: "staff" });
    const lakeUser = await createUser(db(), lakePerson);
    const theirs = await createUserScim({ ...newUserBody(), userName: lakeUser.email });
    expect(theirs.status).toBe(409);
    expect(await userCount()).toBe(before + 1);
    expect((await userRow(lakeUser.id)).institutionId).toBe(lake.id);
  });

  it("refuses bad input with 400 and creates nothing", async () => {
    const before = await userCount();
    for (const body of [
      { ...newUserBody(), userName: undefined },
      { ...newUserBody(), userName: "not-an-email" },
      { ...newUserBody(), active: "sometimes" },
      { ...newUserBody(), name: "Jane" },
      { ...newUserBody(), emails: [{ value: "nope" }] },
      { ...newUserBody(), displayName: "x".repeat(201) },
    ]) {
      const answer = await createUserScim(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toMatchObject({ status: "400", scimType: "invalidValue" });
    }
    const notJson = await scim(usersRoute.POST, { method: "POST", rawBody: "{not json" });
    expect(notJson.body).toMatchObject({ status: "400", scimType: "invalidSyntax" });
    expect(await userCount()).toBe(before);
  });
});

describe("listing and filtering", () => {
  it("filters userName eq case-insensitively; a miss is an empty list", async () => {
    const body = newUserBody();
    const created = await createUserScim(body);
    const found = await listUsers(`filter=${encodeURIComponent(`userName eq "${body.userName.toUpperCase()}"`)}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const byExternal = await listUsers(`filter=${encodeURIComponent(`externalId eq "${body.externalId}"`)}`);
    expect(byExternal.body.Resources.map((r: { id: string }) => r.id)).toEqual([created.body.id]);
    const miss = await listUsers(`filter=${encodeURIComponent('userName eq "nobody-4f1c@north.edu"')}`);
    expect(miss.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    const bad = await listUsers(`filter=${encodeURIComponent('userName co "jane"')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe("invalidFilter");
  });

  it("pages with startIndex and count; never lists another institution's users or the operator", async () => {
    const inst = await createInstitution(db());
    const admin = await adminOf(inst);
    const token = (await generateScimToken({ ctx: ctxOf(admin) })).token;
    await createUser(db(), inst, { operator: true });
    for (let i = 0; i < 3; i++) await createUserScim(newUserBody(), token);
    const all = await listUsers("", token);
    expect(all.body.totalResults).toBe(4); // the administrator and the three created
    const ids = all.body.Resources.map((r: { id: string }) => r.id);
    const first = await listUsers("startIndex=1&count=2", token);
    expect(first.body).toMatchObject({ totalResults: 4, startIndex: 1, itemsPerPage: 2 });
    const second = await listUsers("startIndex=3&count=2", token);
    expect(second.body).toMatchObject({ totalResults: 4, startIndex: 3, itemsPerPage: 2 });
    expect([...first.body.Resources, ...second.body.Resources].map((r: { id: string }) => r.id)).toEqual(ids);
    expect((await listUsers("count=0", token)).body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    expect((await listUsers("startIndex=x", token)).status).toBe(400);
    const inNorth = await listUsers("count=200");
    expect(inNorth.body.Resources.some((r: { id: string }) => ids.includes(r.id))).toBe(false);
  });
});

describe("deactivation and reactivation", () => {
  it("Entra ID's PATCH deactivates at once: sign-in refused, open session no longer current, number released (the default)", async () => {
    const { user, person, session } = await advisorWithNumber();
    expect(await isSessionTokenCurrent(db(), session)).toBe(true);
    const answer = await patchUser(user.id, [{ op: "Replace", path: "active", value: "False" }]);
    expect(answer.status).toBe(200);
    expect(answer.body.active).toBe(false);

    expect(await isSessionTokenCurrent(db(), session)).toBe(false);
    expect(await loadActor(db(), user.id)).toBeNull();
    expect(await authenticate({ db: db(), now: new Date() }, { email: user.email, password: user.password, ip: "10.9.9.9" })).toEqual({ ok: false, reason: "disabled" });
    expect(await activeAssignments(user.id)).toBe(0);
    const systemPhones = await db().select({ deleted: personPhones.deleted }).from(personPhones).where(and(eq(personPhones.personId, person.id), eq(personPhones.phoneTypeSrcSystemId, "AVISO.SYSTEM")));
    expect(systemPhones).toEqual([{ deleted: true }]);
    const audit = await db()
      .select({ scope: settingsAudit.scope, by: settingsAudit.changedByUserId })
      .from(settingsAudit)
      .where(and(eq(settingsAudit.institutionId, north.id), eq(settingsAudit.field, user.id)));
    expect(audit).toEqual([{ scope: "user-sign-in", by: null }]);

    // Reactivation restores sign-in; the released number is not given back.
    const back = await patchUser(user.id, [{ op: "Replace", path: "active", value: "True" }]);
    expect(back.body.active).toBe(true);
    expect(await authenticate({ db: db(), now: new Date() }, { email: user.email, password: user.password, ip: "10.9.9.9" })).toMatchObject({ ok: true });
    expect(await isSessionTokenCurrent(db(), { userId: user.id, sessionVersion: 1 })).toBe(true);
    expect(await isSessionTokenCurrent(db(), session)).toBe(false);
    expect(await activeAssignments(user.id)).toBe(0);
  });

  it("Okta's path-less PATCH deactivates and, with KEEP chosen, the number stays the user's", async () => {
    await updateScimOptions({ ctx: ctxOf(northAdmin), input: { numberOnDeactivation: "KEEP", newUserRoleId: north.roles.ADVISOR.id } });
    try {
      const { user, session } = await advisorWithNumber();
      const answer = await patchUser(user.id, [{ op: "replace", value: { active: false } }]);
      expect(answer.status).toBe(200);
      expect(answer.body.active).toBe(false);
      expect(await isSessionTokenCurrent(db(), session)).toBe(false);
      expect((await userRow(user.id)).disabled).toBe(true);
      expect(await activeAssignments(user.id)).toBe(1);
    } finally {
      await updateScimOptions({ ctx: ctxOf(northAdmin), input: { numberOnDeactivation: "RELEASE", newUserRoleId: north.roles.ADVISOR.id } });
    }
  });

  it("PUT (Okta) replaces names and emails and deactivates with active false", async () => {
    const { user, session } = await advisorWithNumber();
    const answer = await putUser(user.id, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: user.email,
      name: { givenName: "Pat", familyName: "Lee" },
      emails: [{ value: "pat.lee@mail.test", primary: false }, { value: user.email, primary: true }],
      active: false,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: { givenName: "Pat", familyName: "Lee" }, displayName: "Pat Lee", active: false });
    expect(answer.body.emails).toEqual([
      { value: user.email, type: "work", primary: true },
      { value: "pat.lee@mail.test", type: "work", primary: false },
    ]);
    expect(await isSessionTokenCurrent(db(), session)).toBe(false);
    expect(await activeAssignments(user.id)).toBe(0);
  });

  it("DELETE deactivates, releases the number and hides the user; POSTing them again brings the same user back", async () => {
    const { user, person, session } = await advisorWithNumber();
    expect((await deleteUser(user.id)).status).toBe(204);
    expect(await isSessionTokenCurrent(db(), session)).toBe(false);
    expect(await activeAssignments(user.id)).toBe(0);
    expect((await getUser(user.id)).status).toBe(404);
    expect((await listUsers(`filter=${encodeURIComponent(`userName eq "${user.email}"`)}`)).body.totalResults).toBe(0);
    expect((await deleteUser(user.id)).status).toBe(404);
    const [stillThere] = await db().select({ deleted: persons.deleted }).from(persons).where(eq(persons.id, person.id));
    expect(stillThere).toEqual({ deleted: false });

    const again = await createUserScim({ userName: user.email, name: { givenName: "Back", familyName: "Again" } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: user.id, active: true, name: { givenName: "Back", familyName: "Again" } });
    expect(await isSessionTokenCurrent(db(), { userId: user.id, sessionVersion: 1 })).toBe(true);
  });

  it("a PATCH with one bad operation changes nothing (400)", async () => {
    const { user, session } = await advisorWithNumber();
    const before = await userRow(user.id);
    const answer = await patchUser(user.id, [
      { op: "Replace", path: "active", value: "False" },
      { op: "Replace", path: "userName", value: "not an email" },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: "400", scimType: "invalidValue" });
    expect(await userRow(user.id)).toEqual(before);
    expect(await isSessionTokenCurrent(db(), session)).toBe(true);
    expect(await activeAssignments(user.id)).toBe(1);
    expect((await patchUser(user.id, [{ op: "Frobnicate", path: "active", value: false }])).body.scimType).toBe("invalidSyntax");
    expect(await userRow(user.id)).toEqual(before);
  });

  it("changing userName to one in use is 409 and changes nothing", async () => {
    const a = await createUserScim(newUserBody());
    const b = await createUserScim(newUserBody());
    const answer = await patchUser(b.body.id, [{ op: "replace", path: "userName", value: a.body.userName.toUpperCase() }]);
    expect(answer.status).toBe(409);
    expect(answer.body.scimType).toBe("uniqueness");
    expect((await userRow(b.body.id)).email).toBe(b.body.userName);
  });
});

describe("tenancy", () => {
  it("a token of one institution can neither read nor change another's users (404, nothing changed)", async () => {
    const { user, session } = await advisorWithNumber();
    const before = await userRow(user.id);
    expect((await getUser(user.id, lakeToken)).status).toBe(404);
    expect((await patchUser(user.id, [{ op: "replace", path: "active", value: false }], lakeToken)).status).toBe(404);
    expect((await putUser(user.id, { userName: user.email, active: false }, lakeToken)).status).toBe(404);
    expect((await deleteUser(user.id, lakeToken)).status).toBe(404);
    const listed = await listUsers(`filter=${encodeURIComponent(`userName eq "${user.email}"`)}`, lakeToken);
    expect(listed.body.totalResults).toBe(0);
    expect(await userRow(user.id)).toEqual(before);
    expect(await isSessionTokenCurrent(db(), session)).toBe(true);
    expect(await activeAssignments(user.id)).toBe(1);
    const [link] = await db().select({ n: count() }).from(scimUsers).where(eq(scimUsers.userId, user.id));
    expect(link.n).toBe(0);
  });

  it("an id that is not a uuid is 404", async () => {
    expect((await getUser("not-a-uuid")).status).toBe(404);
  });
});

describe("tokens", () => {
  it("a missing, wrong, rotated or revoked token is 401 in SCIM's error form, and no token is ever logged", async () => {
    const inst = await createInstitution(db());
    const admin = await adminOf(inst);
    const first = (await generateScimToken({ ctx: ctxOf(admin) })).token;
    const from = logLines.length;

    expect((await listUsers("", first)).status).toBe(200);
    const missing = await scim(usersRoute.GET, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="scim"');
    expect(missing.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
    const wrong = `scim_${"A".repeat(43)}`;
    expect((await listUsers("", wrong)).status).toBe(401);

    const second = (await generateScimToken({ ctx: ctxOf(admin) })).token;
    expect((await listUsers("", first)).status).toBe(401);
    expect((await listUsers("", second)).status).toBe(200);
    await revokeScimToken({ ctx: ctxOf(admin) });
    expect((await listUsers("", second)).status).toBe(401);
    await expect(revokeScimToken({ ctx: ctxOf(admin) })).rejects.toMatchObject({ code: "CONFLICT" });

    const written = logLines.slice(from).join("\n");
    expect(written).toContain("scim request refused");
    for (const token of [first, second, wrong]) expect(written).not.toContain(token);
    expect(written).not.toContain(first.slice(5, 20));
  });

  it("refuses a client's bad tokens with 429 past the limit, while a valid token from the same address still works", async () => {
    const client = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const bad = `scim_${"B".repeat(43)}`;
    for (let i = 0; i < SCIM_AUTH_FAILURE_LIMIT; i++) expect((await scim(usersRoute.GET, { token: bad, client })).status).toBe(401);
    const throttled = await scim(usersRoute.GET, { token: bad, client });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(throttled.body).toMatchObject({ status: "429" });
    expect((await scim(usersRoute.GET, { client })).status).toBe(200);
  });

  it("only administrators manage the token and options", async () => {
    const person = await createPerson(db(), north, { kind: "staff", roles: ["ADVISOR"] });
    const advisor = (await loadActor(db(), (await createUser(db(), person)).id))!;
    await expect(generateScimToken({ ctx: ctxOf(advisor) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      updateScimOptions({ ctx: ctxOf(advisor), input: { numberOnDeactivation: "KEEP", newUserRoleId: north.roles.ADVISOR.id } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // An administrator cannot make the directory create administrators, nor pick another institution's role.
    await expect(
      updateScimOptions({ ctx: ctxOf(northAdmin), input: { numberOnDeactivation: "KEEP", newUserRoleId: north.roles.ADMIN.id } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      updateScimOptions({ ctx: ctxOf(northAdmin), input: { numberOnDeactivation: "KEEP", newUserRoleId: lake.roles.ADVISOR.id } }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
