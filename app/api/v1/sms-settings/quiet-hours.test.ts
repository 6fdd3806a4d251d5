import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { settingsAudit, smsSettings } from "@/db/schema";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import { GET, PATCH } from "./route";

/* Quiet hours through /api/v1/sms-settings (SPEC §9), as the other SMS settings are. */

let f: ApiFixture;

beforeAll(async () => {
  f = await createApiFixture(getDb());
  // The SPEC §9 default, which the test factories turn off.
  await getDb().update(smsSettings).set({ quietHoursEnabled: true }).where(inArray(smsSettings.institutionId, [f.north.id, f.lake.id]));
});

const read = (role: ApiRole) => callRoute(GET, { key: f.keys[role], path: "/api/v1/sms-settings" });
const change = (role: ApiRole, body: unknown) => callRoute(PATCH, { key: f.keys[role], method: "PATCH", body });
const quietAudit = (institutionId: string) =>
  getDb().$count(settingsAudit, and(eq(settingsAudit.institutionId, institutionId), eq(settingsAudit.scope, "SMS_QUIET_HOURS")));

describe("quiet hours in /api/v1/sms-settings", () => {
  it("are read with the other settings, with their defaults", async () => {
    expect((await read("admin")).body).toMatchObject({ quietHoursEnabled: true, quietWindowStart: null, quietWindowEnd: null, quietReplyExemptMinutes: 60 });
  });

  it("PATCH narrows the window and sets the exemption for the caller's institution only", async () => {
    const res = await change("admin", { quietWindowStart: "09:00", quietWindowEnd: "20:00", quietReplyExemptMinutes: 15 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ quietHoursEnabled: true, quietWindowStart: "09:00", quietWindowEnd: "20:00", quietReplyExemptMinutes: 15 });
    expect(await quietAudit(f.north.id)).toBe(3);
    expect((await read("lakesideAdmin")).body).toMatchObject({ quietWindowStart: null, quietWindowEnd: null, quietReplyExemptMinutes: 60 });
    expect(await quietAudit(f.lake.id)).toBe(0);
  });

  it.each([
    ["a start before 08:00", { quietWindowStart: "07:00" }, "quietWindowStart"],
    ["an end after 21:00", { quietWindowEnd: "21:30" }, "quietWindowEnd"],
    ["a start after the end", { quietWindowStart: "20:30" }, "quietWindowEnd"],
    ["a time with seconds", { quietWindowStart: "09:00:00" }, "quietWindowStart"],
    ["minutes as text", { quietReplyExemptMinutes: "30" }, "quietReplyExemptMinutes"],
    ["more than a day", { quietReplyExemptMinutes: 1441 }, "quietReplyExemptMinutes"],
    ["on/off as text", { quietHoursEnabled: "no" }, "quietHoursEnabled"],
  ])("answers 400 to %s naming %s, and changes nothing", async (_what, body, field) => {
    const before = (await read("admin")).body;
    const auditBefore = await quietAudit(f.north.id);
    const res = await change("admin", body);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual([field]);
    expect((await read("admin")).body).toEqual(before);
    expect(await quietAudit(f.north.id)).toBe(auditBefore);
  });

  it("refuses the operator and an advisor with 403", async () => {
    expect((await change("operator", { quietHoursEnabled: false })).status).toBe(403);
    expect((await change("advisor", { quietHoursEnabled: false })).status).toBe(403);
    expect((await read("admin")).body).toMatchObject({ quietHoursEnabled: true });
  });
});
