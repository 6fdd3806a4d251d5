import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { apiKeys, users } from "@/db/schema";

/** Stores a key's hash and prefix for a user (in the user's institution); returns the key id. */
export async function insertApiKey(db: DbOrTx, params: { userId: string; prefix: string; keyHash: string; name: string }) {
  const [user] = await db.select({ institutionId: users.institutionId }).from(users).where(eq(users.id, params.userId));
  if (!user) return undefined;
  const [row] = await db
    .insert(apiKeys)
    .values({ ...params, institutionId: user.institutionId })
    .returning({ id: apiKeys.id });
  return row.id;
}

/** The key with this hash, unless revoked. */
export async function findActiveApiKey(db: DbOrTx, keyHash: string) {
  const [row] = await db
    .select({ id: apiKeys.id, userId: apiKeys.userId, institutionId: apiKeys.institutionId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
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
