import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { settingsAudit } from "@/db/schema";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import { GET, PATCH } from "./route";

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
});

const read = (role: ApiRole) => callRoute(GET, { key: f.keys[role], path: "/api/v1/sms-settings" });
const change = (role: ApiRole, body: unknown) => callRoute(PATCH, { key: f.keys[role], method: "PATCH", body });
const auditRows = () => getDb().select().from(settingsAudit).where(eq(settingsAudit.institutionId, f.north.id)).orderBy(asc(settingsAudit.id));

describe("GET /api/v1/sms-settings", () => {
  it.each([
    ["admin", 200],
    ["operator", 200],
    ["advisor", 403],
    ["faculty", 403],
    ["student", 403],
  ] as const)("answers %s with %i", async (role, status) => {
    expect((await read(role)).status).toBe(status);
  });

  it("shows each institution its own settings", async () => {
    expect((await read("admin")).body).toMatchObject({ smsMonthlyLimit: 300, smsPhoneNumberLimit: 4 });
    expect((await read("lakesideAdmin")).body).toMatchObject({ smsMonthlyLimit: 1000, smsPhoneNumberLimit: 10 });
  });
});

describe("PATCH /api/v1/sms-settings", () => {
  it("refuses an administrator's limit change with 403 and changes nothing", async () => {
    const before = (await read("admin")).body;
    const res = await change("admin", { smsMonthlyLimit: 99999, replyEmailSubject: "New subject" });
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: "FORBIDDEN", message: "Only the platform operator can change smsMonthlyLimit. Ask your Client Success Manager." });
    expect((await read("admin")).body).toEqual(before);
    expect(await auditRows()).toEqual([]);
  });

  it("lets the operator change the limits and the administrator the rest, each audited", async () => {
    expect((await change("operator", { smsMonthlyLimit: 1200 })).body).toMatchObject({ smsMonthlyLimit: 1200 });
    expect((await change("admin", { replyEmailSubject: "New subject", smsMonthlyLimit: 1200 })).body).toMatchObject({ replyEmailSubject: "New subject" });
    expect((await auditRows()).map((r) => [r.field, r.newValue, r.changedByUserId])).toEqual([
      ["smsMonthlyLimit", 1200, f.userIds.operator],
      ["replyEmailSubject", "New subject", f.userIds.admin],
    ]);
  });

  it("answers the operator 409 with the warning for a number limit above the pool, saving only once confirmed", async () => {
    const before = (await read("operator")).body;
    const audited = (await auditRows()).length;
    const refused = await change("operator", { smsPhoneNumberLimit: 5000 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("CONFLICT");
    expect(refused.body.error.message).toMatch(/a limit of 5,000 cannot be reached until numbers are added.* Send "confirmLimitWarnings": true to save anyway\.$/);
    expect((await read("operator")).body).toEqual(before);
    expect((await auditRows()).length).toBe(audited);

    const saved = await change("operator", { smsPhoneNumberLimit: 5000, confirmLimitWarnings: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ smsPhoneNumberLimit: 5000 });
    expect((await auditRows()).slice(audited).map((r) => [r.field, r.oldValue, r.newValue])).toEqual([["smsPhoneNumberLimit", before.smsPhoneNumberLimit, 5000]]);
  });

  it.each(["advisor", "faculty", "student"] as const)("refuses %s with 403", async (role) => {
    expect((await change(role, { smsMaxLength: 200 })).status).toBe(403);
  });

  it("answers 400 naming a student role in Permitted Roles", async () => {
    const res = await change("admin", { permittedRoleCodes: ["ADVISOR", "STUDENT"] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ "permittedRoleCodes[1]": '"STUDENT" is a student role; only staff roles may send texts.' });
  });
});
