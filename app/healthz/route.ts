import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { checkHealth } from "@/lib/health/check-health";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/**
 * GET /healthz — for load balancers and monitors: no sign-in, no institution data, only figures
 * (database latency, freshest worker heartbeat, oldest waiting job). 200 when healthy, 503 with
 * the failing checks named otherwise; never cached.
 */
export async function GET() {
  const env = getEnv();
  const health = await checkHealth(
    { db: getDb(), now: new Date() },
    { maxHeartbeatAgeSeconds: env.HEALTH_MAX_HEARTBEAT_AGE_SECONDS, maxQueueAgeSeconds: env.HEALTH_MAX_QUEUE_AGE_SECONDS },
  );
  if (health.status !== "ok") log.warn("health check failing", { failing: health.failing });
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
