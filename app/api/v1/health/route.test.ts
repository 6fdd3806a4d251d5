import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createSystemNumbers } from "@/db/factories";
import { setMonthlyUsage } from "@/db/testing/health";
import { healthReportSchema } from "@/lib/health/institution-health";
import { monthStartInZone } from "@/lib/messaging/send/month";
import { callRoute, createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import * as dashboardRoute from "../dashboard/route";
import { GET } from "./route";

let f: ApiFixture;
beforeAll(async () => {
  f = await createApiFixture(getDb());
  // North's two permitted staff (admin, advisor) against 4 numbers: 50 %, no pool alert.
  await createSystemNumbers(getDb(), f.north, 4);
});

const health = (role: ApiRole) => callRoute(GET, { key: f.keys[role], path: "/api/v1/health" });
const dashboard = (role: ApiRole) => callRoute(dashboardRoute.GET, { key: f.keys[role], path: "/api/v1/dashboard" });

describe("GET /api/v1/health and /api/v1/dashboard", () => {
  it("answers an administrator with their own institution's health and dashboard; everyone else 403 or 401", async () => {
    // North's limit is 300: 240 texts this month is 80 %.
    await setMonthlyUsage(getDb(), f.north.id, monthStartInZone(new Date(), f.north.timeZone), 240);
    const mine = await health("admin");
    expect(mine.status).toBe(200);
    expect(healthReportSchema.parse(mine.body)).toEqual(mine.body);
    expect(mine.body.monthlyLimit).toMatchObject({ used: 240, limit: 300, percent: 80 });
    expect(mine.body.numberPool).toEqual({ freeNumbers: 4, assigned: 0, limit: 4, available: 4, staffWithoutNumber: 2, percent: 50 });
    expect(mine.body.alerts.map((a: { key: string }) => a.key)).toEqual([`monthly-limit:80:${mine.body.monthlyLimit.month}`]);

    const theirs = await health("lakesideAdmin");
    expect(theirs.status).toBe(200);
    expect(theirs.body.monthlyLimit.used).toBe(0);
    expect(theirs.body.alerts.map((a: { key: string }) => a.key)).toEqual(["number-pool:100", "number-pool:80"]); // Lakeside: its admin waits, no number

    const board = await dashboard("admin");
    expect(board.status).toBe(200);
    expect(board.body.weeks).toHaveLength(12);
    expect(board.body).toMatchObject({ timeZone: f.north.timeZone, failureReasons: [], staff: [] });

    for (const role of ["advisor", "faculty", "student", "operator"] as const) {
      expect((await health(role)).status).toBe(403);
      expect((await dashboard(role)).status).toBe(403);
    }
    expect((await callRoute(GET, { path: "/api/v1/health" })).status).toBe(401);
  });
});
