import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import { NextRequest } from "next/server";
import postgres from "postgres";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb, type Db } from "@/db";
import { recordHeartbeat } from "@/db/queries/worker-heartbeats";
import { checkHealth, DATABASE_TIMEOUT_MS, type Health } from "@/lib/health/check-health";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { startHeartbeat } from "@/lib/jobs/heartbeat";
import { backdateJobs, deleteJobs } from "@/lib/jobs/pgboss-tables";
import { QUEUES } from "@/lib/jobs/queues";
import { proxy } from "@/proxy";
import { GET } from "./route";

async function beatSecondsAgo(seconds: number) {
  await recordHeartbeat(getDb(), { workerId: `w-${seconds}-${Math.random()}`, host: "worker-1", pid: 4242, now: new Date(Date.now() - seconds * 1000) });
}

async function health() {
  const res = await GET();
  return { status: res.status, body: await res.json(), cache: res.headers.get("cache-control") };
}

beforeEach(async () => {
  await getDb().execute(sql`delete from worker_heartbeats`);
  await deleteJobs(getDb());
});

describe("GET /healthz", () => {
  it("a fresh heartbeat, a reachable database and no waiting job → 200 with figures only", async () => {
    await beatSecondsAgo(3);
    const { status, body, cache } = await health();
    expect(status).toBe(200);
    expect(cache).toBe("no-store");
    expect(body).toEqual({
      status: "ok",
      failing: [],
      database: { ok: true, latencyMs: expect.any(Number) },
      worker: { ok: true, heartbeatAgeSeconds: expect.any(Number), workers: 1 },
      queue: { ok: true, oldestJobAgeSeconds: null },
    });
    expect(body.worker.heartbeatAgeSeconds).toBeGreaterThanOrEqual(3);
    expect(body.worker.heartbeatAgeSeconds).toBeLessThan(10);
  });

  it("the worker's own heartbeat counts while it runs, and its clean stop removes it", async () => {
    const heartbeat = startHeartbeat(getDb(), { intervalMs: 50 });
    await new Promise((r) => setTimeout(r, 120));
    expect((await health()).status).toBe(200);
    await heartbeat.stop();
    const after = await health();
    expect([after.status, after.body.failing, after.body.worker.workers]).toEqual([503, ["worker"], 0]);
  });

  it("a stale heartbeat (2 minutes old) → 503 naming the worker check", async () => {
    await beatSecondsAgo(120);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.status).toBe("unhealthy");
    expect(body.failing).toEqual(["worker"]);
    expect(body.worker).toEqual({ ok: false, heartbeatAgeSeconds: expect.any(Number), workers: 0 });
    expect(body.worker.heartbeatAgeSeconds).toBeGreaterThanOrEqual(120);
  });

  it("no worker heartbeat at all → 503 naming the worker check", async () => {
    const { status, body } = await health();
    expect([status, body.failing, body.worker.heartbeatAgeSeconds]).toEqual([503, ["worker"], null]);
  });

  it("a job due 10 minutes ago and still waiting → 503 naming the queue; one scheduled for later does not count", async () => {
    await beatSecondsAgo(1);
    await enqueueMessages(QUEUES.dispatchSms, [1], { startAfter: new Date(Date.now() + 3_600_000) });
    expect((await health()).status).toBe(200);
    await enqueueMessages(QUEUES.dispatchSms, [2]);
    await backdateJobs(getDb(), { messageId: 2 }, 10 * 60_000);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.failing).toEqual(["queue"]);
    expect(body.queue.oldestJobAgeSeconds).toBeGreaterThanOrEqual(600);
  });

  it("an unreachable database fails every check", async () => {
    const client = postgres("postgres://nobody@127.0.0.1:1/none", { max: 1, connect_timeout: 1, onnotice: () => {} });
    const down = drizzle(client) as unknown as Db;
    const result = await checkHealth({ db: down, now: new Date() }, { maxHeartbeatAgeSeconds: 60, maxQueueAgeSeconds: 300 });
    expect(result.failing).toEqual(["database", "worker", "queue"]);
    expect(result.database).toEqual({ ok: false, latencyMs: null });
    await client.end({ timeout: 1 });
  });

  it("a database that never answers fails every check once DATABASE_TIMEOUT_MS has passed, not before", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const silent = { execute: () => new Promise(() => {}) } as unknown as Db;
      let result: Health | undefined;
      void checkHealth({ db: silent, now: new Date() }, { maxHeartbeatAgeSeconds: 60, maxQueueAgeSeconds: 300 }).then((r) => (result = r));
      await vi.advanceTimersByTimeAsync(DATABASE_TIMEOUT_MS - 1);
      expect(result).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(result?.failing).toEqual(["database", "worker", "queue"]);
      expect(result?.database).toEqual({ ok: false, latencyMs: null });
    } finally {
      vi.useRealTimers();
    }
  });

  it("needs no sign-in: the proxy lets a signed-out request through (and still redirects an app page)", async () => {
    const call = proxy as unknown as (req: NextRequest, ctx: unknown) => Promise<Response>;
    const open = await call(new NextRequest("http://localhost:3000/healthz"), {});
    expect(open.status).toBe(200);
    expect(open.headers.get("x-middleware-next")).toBe("1");
    const page = await call(new NextRequest("http://localhost:3000/admin"), {});
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/sign-in?callbackUrl=%2Fadmin");
  });
});
