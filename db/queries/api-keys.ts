import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { apiKeys, apiRateCounters, users } from "@/db/schema";

/** Stores a key's hash and prefix for a user (in the user's institution); returns the key id. */
export async function insertApiKey(
  db: DbOrTx,
  params: { userId: string; prefix: string; keyHash: string; name: string; expiresAt?: Date | null },
) {
  const [user] = await db.select({ institutionId: users.institutionId }).from(users).where(eq(users.id, params.userId));
  if (!user) return undefined;
  const [row] = await db
    .insert(apiKeys)
    .values({ ...params, expiresAt: params.expiresAt ?? null, institutionId: user.institutionId })
    .returning({ id: apiKeys.id });
  return row.id;
}

/** The key with this hash, unless revoked or expired at `now`. */
export async function findActiveApiKey(db: DbOrTx, keyHash: string, now: Date) {
  const [row] = await db
    .select({ id: apiKeys.id, userId: apiKeys.userId, institutionId: apiKeys.institutionId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))));
  return row;
}

/** Records use, at most once a minute per key, so busy clients don't write on every call. */
export async function touchApiKey(db: DbOrTx, id: string, now: Date) {
  const aMinuteAgo = new Date(now.getTime() - 60_000);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, aMinuteAgo))));
}

/** The user signing in with `email` (stored lower-cased), for issuing a key from the command line. */
export async function findUserIdByEmail(db: DbOrTx, email: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row?.id;
}

export type ApiKeyRow = {
  id: string;
  userId: string;
  ownerName: string;
  ownerEmail: string;
  prefix: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

/** What a key's listings show of it (never the hash). */
const keyColumns = {
  ownerEmail: users.email,
  prefix: apiKeys.prefix,
  name: apiKeys.name,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
};

/** The institution's keys (only `userId`'s when given), newest first. Never the hash. */
export function listApiKeys(db: DbOrTx, params: { institutionId: string; userId?: string }): Promise<ApiKeyRow[]> {
  return db
    .select({
      id: apiKeys.id,
      userId: apiKeys.userId,
      ownerName: users.displayName,
      ...keyColumns,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.institutionId, params.institutionId), params.userId ? eq(apiKeys.userId, params.userId) : undefined))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(500);
}

/**
 * Revokes a key of the institution (of `userId` only, when given). Returns whether a key that
 * was still active is now revoked; false for another institution's key, an unknown id or a
 * key already revoked.
 */
export async function revokeApiKeyRow(db: DbOrTx, params: { institutionId: string; id: string; userId?: string; now: Date }) {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: params.now })
    .where(
      and(
        eq(apiKeys.id, params.id),
        eq(apiKeys.institutionId, params.institutionId),
        params.userId ? eq(apiKeys.userId, params.userId) : undefined,
        isNull(apiKeys.revokedAt),
      ),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/**
 * Counts one request of a key in the fixed window starting at `windowStart` and returns the
 * count so far (this request included). One statement: a new window resets the count.
 */
export async function countApiRequest(db: DbOrTx, params: { apiKeyId: string; windowStart: Date }): Promise<number> {
  const [row] = await db
    .insert(apiRateCounters)
    .values({ apiKeyId: params.apiKeyId, windowStart: params.windowStart, requests: 1 })
    .onConflictDoUpdate({
      target: apiRateCounters.apiKeyId,
      set: {
        // A later window starts again at 1; a process whose clock lags counts into the current one.
        requests: sql`case when excluded.window_start > ${apiRateCounters.windowStart} then 1 else ${apiRateCounters.requests} + 1 end`,
        windowStart: sql`greatest(${apiRateCounters.windowStart}, excluded.window_start)`,
      },
    })
    .returning({ requests: apiRateCounters.requests });
  return row.requests;
}

/**
 * Every key on the platform (only those of the user signing in with `email`, when given), for
 * the operator's command line (`npm run api-key -- list`). Never the hash.
 */
export function listAllApiKeys(db: DbOrTx, params: { email?: string } = {}) {
  return db
    .select({
      id: apiKeys.id,
      institutionId: apiKeys.institutionId,
      ...keyColumns,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(params.email ? eq(users.email, params.email.trim().toLowerCase()) : undefined)
    .orderBy(users.email, desc(apiKeys.createdAt));
}

/** Revokes a key by id, whatever its institution (the operator's command line). False when unknown or already revoked. */
export async function revokeApiKeyById(db: DbOrTx, id: string, now: Date) {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
