import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { apiKeys } from "@/db/schema";
import { createApiFixture, type ApiFixture, type ApiRole } from "@/lib/api/test-fixture";
import { isAppError } from "@/lib/errors";
import { authenticateApiKey, createOwnApiKey, listManageableApiKeys, revokeApiKey } from "./api-keys";

let f: ApiFixture;
const t0 = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;

beforeAll(async () => {
  f = await createApiFixture(getDb());
});

async function ctxOf(role: ApiRole, now = t0) {
  const actor = await loadActor(getDb(), f.userIds[role]);
  return { db: getDb(), actor: actor!, now };
}

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return "ok";
  } catch (err) {
    return isAppError(err) ? err.code : err instanceof ZodError ? `invalid ${err.issues.map((i) => i.path.join(".")).join(",")}` : String(err);
  }
}

describe("API keys", () => {
  it("a key with an expiry works until then and is refused from that moment", async () => {
    const created = await createOwnApiKey({ ctx: await ctxOf("advisor"), input: { name: "Nightly sync", expiresInDays: 30 } });
    expect(created.expiresAt).toEqual(new Date(t0.getTime() + 30 * DAY));
    const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row).toMatchObject({ name: "Nightly sync", userId: f.userIds.advisor, expiresAt: created.expiresAt, revokedAt: null });
    expect(row.keyHash).not.toContain(created.key);

    expect(await authenticateApiKey(getDb(), created.key, new Date(t0.getTime() + 30 * DAY - 1))).toMatchObject({ keyId: created.id });
    expect(await authenticateApiKey(getDb(), created.key, new Date(t0.getTime() + 30 * DAY))).toBeNull();
  });

  it("refuses a name that is empty and a lifetime that is not whole days from 1 to 3650", async () => {
    const ctx = await ctxOf("advisor");
    expect(await codeOf(createOwnApiKey({ ctx, input: { name: " " } }))).toBe("invalid name");
    expect(await codeOf(createOwnApiKey({ ctx, input: { name: "x", expiresInDays: 0 } }))).toBe("invalid expiresInDays");
    expect(await codeOf(createOwnApiKey({ ctx, input: { name: "x", expiresInDays: 1.5 } }))).toBe("invalid expiresInDays");
    expect(await codeOf(createOwnApiKey({ ctx, input: { name: "x", expiresInDays: "" } }))).toBe("ok");
  });

  it("a user lists and revokes only their own keys; a revoked key is refused", async () => {
    const own = await createOwnApiKey({ ctx: await ctxOf("faculty"), input: { name: "Mine" } });
    const other = await createOwnApiKey({ ctx: await ctxOf("advisor"), input: { name: "Not yours" } });
    const listed = await listManageableApiKeys({ ctx: await ctxOf("faculty") });
    expect(new Set(listed.map((k) => k.userId))).toEqual(new Set([f.userIds.faculty]));
    expect(listed.map((k) => k.id)).toContain(own.id);
    expect(JSON.stringify(listed)).not.toContain("keyHash");

    expect(await codeOf(revokeApiKey({ ctx: await ctxOf("faculty"), input: { keyId: other.id } }))).toBe("NOT_FOUND");
    expect(await authenticateApiKey(getDb(), other.key, t0)).not.toBeNull();

    expect(await revokeApiKey({ ctx: await ctxOf("faculty"), input: { keyId: own.id } })).toEqual({ keyId: own.id });
    expect(await authenticateApiKey(getDb(), own.key, t0)).toBeNull();
    expect(await codeOf(revokeApiKey({ ctx: await ctxOf("faculty"), input: { keyId: own.id } }))).toBe("CONFLICT");
  });

  it("an administrator sees and revokes every key of their institution, none of another's", async () => {
    const advisorKey = await createOwnApiKey({ ctx: await ctxOf("advisor"), input: { name: "Advisor's" } });
    const lakeKey = await createOwnApiKey({ ctx: await ctxOf("lakesideAdmin"), input: { name: "Lakeside's" } });

    const northList = await listManageableApiKeys({ ctx: await ctxOf("admin") });
    expect(northList.map((k) => k.id)).toContain(advisorKey.id);
    expect(northList.map((k) => k.id)).not.toContain(lakeKey.id);
    expect(northList.find((k) => k.id === advisorKey.id)).toMatchObject({ ownerName: `${f.people.advisor.firstName} ${f.people.advisor.lastName}`, name: "Advisor's" });

    expect(await codeOf(revokeApiKey({ ctx: await ctxOf("admin"), input: { keyId: lakeKey.id } }))).toBe("NOT_FOUND");
    expect(await authenticateApiKey(getDb(), lakeKey.key, t0)).not.toBeNull();
    const lakeList = await listManageableApiKeys({ ctx: await ctxOf("lakesideAdmin") });
    expect(lakeList.map((k) => k.id)).not.toContain(advisorKey.id);

    await revokeApiKey({ ctx: await ctxOf("admin"), input: { keyId: advisorKey.id } });
    expect(await authenticateApiKey(getDb(), advisorKey.key, t0)).toBeNull();
  });
});
