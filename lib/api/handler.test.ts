import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { z } from "zod";
import { callRoute, createApiFixture } from "./test-fixture";
import { apiRoute } from "./handler";

describe("apiRoute", () => {
  it("turns a thrown zod error into 400 naming the first field, and anything else into a logged 500", async () => {
    const f = await createApiFixture(getDb());
    const zodRoute = apiRoute(async () => z.object({ a: z.object({ b: z.number() }) }).parse({ a: { b: "x" } }));
    const res = await callRoute(zodRoute, { key: f.keys.advisor });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: "VALIDATION", message: "a.b: Invalid input: expected number, received string", fields: { "a.b": "Invalid input: expected number, received string" } });

    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const broken = apiRoute(async () => {
      throw new Error("database exploded: secret detail");
    });
    const crash = await callRoute(broken, { key: f.keys.advisor });
    expect(crash.status).toBe(500);
    expect(crash.body).toEqual({ error: { code: "INTERNAL", message: "Something went wrong. Please try again." } });
    expect(String(stderr.mock.calls[0][0])).toContain("database exploded");
    stderr.mockRestore();
  });
});
