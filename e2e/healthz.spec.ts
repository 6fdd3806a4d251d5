import { expect, test } from "@playwright/test";

test.describe("GET /healthz", () => {
  test("answers a signed-out load balancer with figures only: database, worker heartbeat, oldest job", async ({ playwright, baseURL }) => {
    // A fresh context: no session cookie, no redirect to sign in.
    const api = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    // The worker beats every 5 s; it may start a moment after the web tier answers.
    await expect.poll(async () => (await api.get("/healthz", { maxRedirects: 0 })).status(), { timeout: 20_000 }).toBe(200);
    const res = await api.get("/healthz", { maxRedirects: 0 });
    expect(res.headers()["content-type"]).toContain("application/json");
    expect(res.headers()["cache-control"]).toContain("no-store");
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["database", "failing", "queue", "status", "worker"]);
    expect(body).toMatchObject({ status: "ok", failing: [], database: { ok: true }, worker: { ok: true }, queue: { ok: true } });
    expect(body.worker.heartbeatAgeSeconds).toBeLessThanOrEqual(60);
    expect(body.worker.workers).toBeGreaterThanOrEqual(1);
    await api.dispose();
  });
});
