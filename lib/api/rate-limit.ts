import "server-only";
import type { DbOrTx } from "@/db";
import { countApiRequest } from "@/db/queries/api-keys";

/** A fixed window per API key: `limit` requests per `windowMs`. */
export type ApiRatePolicy = { limit: number; windowMs: number };

/** The start of the fixed window `now` falls in, and the whole seconds until the next one. */
export function rateWindow(now: Date, windowMs: number): { windowStart: Date; retryAfterSeconds: number } {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { windowStart: new Date(start), retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}

/**
 * Counts a request of the key and decides whether it may run. The count lives in PostgreSQL
 * (one upsert), so the limit holds however many web processes answer. A refused request is
 * still counted: a client hammering through its 429s does not get a fresh allowance sooner.
 */
export async function checkApiRate(
  db: DbOrTx,
  params: { apiKeyId: string; now: Date; policy: ApiRatePolicy },
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  if (params.policy.limit <= 0) return { allowed: true };
  const { windowStart, retryAfterSeconds } = rateWindow(params.now, params.policy.windowMs);
  const count = await countApiRequest(db, { apiKeyId: params.apiKeyId, windowStart });
  return count <= params.policy.limit ? { allowed: true } : { allowed: false, retryAfterSeconds };
}
