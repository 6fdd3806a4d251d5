import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db";
import { loadActor } from "@/db/queries/actors";
import { findActiveApiKey, insertApiKey, touchApiKey } from "@/db/queries/api-keys";
import type { Actor } from "@/lib/auth/capabilities";

const KEY_PREFIX = "sk_live_";
/** `sk_live_` + 32 random bytes in base64url (43 characters). */
const KEY_FORMAT = /^sk_live_[A-Za-z0-9_-]{43}$/;
/** How much of the key is kept in clear to tell keys apart. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 6;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Creates a REST API key acting as `userId`. The plaintext is returned once and never stored:
 * only its SHA-256 and a short prefix are. Null when the user does not exist.
 */
export async function createApiKey(db: DbOrTx, userId: string, name = "API key"): Promise<{ id: string; key: string; prefix: string } | null> {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const prefix = key.slice(0, SHOWN_PREFIX_LENGTH);
  const id = await insertApiKey(db, { userId, prefix, keyHash: hashApiKey(key), name });
  return id ? { id, key, prefix } : null;
}

/**
 * The actor behind a Bearer key, with capabilities from current data (the key grants exactly
 * what its user may do), or null for a malformed, unknown or revoked key or a disabled user.
 */
export async function authenticateApiKey(db: DbOrTx, key: string, now: Date): Promise<Actor | null> {
  if (!KEY_FORMAT.test(key)) return null;
  const row = await findActiveApiKey(db, hashApiKey(key));
  if (!row) return null;
  const actor = await loadActor(db, row.userId);
  if (!actor || actor.institutionId !== row.institutionId) return null;
  await touchApiKey(db, row.id, now);
  return actor;
}
