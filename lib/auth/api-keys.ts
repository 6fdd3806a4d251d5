import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { DbOrTx } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { findActiveApiKey, insertApiKey, listApiKeys, revokeApiKeyRow, touchApiKey, type ApiKeyRow } from "@/db/queries/api-keys";
import type { Actor } from "@/lib/auth/capabilities";
import { can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";

const KEY_PREFIX = "sk_live_";
/** `sk_live_` + 32 random bytes in base64url (43 characters). */
const KEY_FORMAT = /^sk_live_[A-Za-z0-9_-]{43}$/;
/** How much of the key is kept in clear to tell keys apart. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 6;
const DAY_MS = 86_400_000;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * Creates a REST API key acting as `userId`. The plaintext is returned once and never stored:
 * only its SHA-256 and a short prefix are. Null when the user does not exist.
 */
export async function createApiKey(
  db: DbOrTx,
  userId: string,
  name = "API key",
  expiresAt: Date | null = null,
): Promise<{ id: string; key: string; prefix: string } | null> {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const prefix = key.slice(0, SHOWN_PREFIX_LENGTH);
  const id = await insertApiKey(db, { userId, prefix, keyHash: hashApiKey(key), name, expiresAt });
  return id ? { id, key, prefix } : null;
}

/**
 * The actor behind a Bearer key, with capabilities from current data (the key grants exactly
 * what its user may do), and the key's id; null for a malformed, unknown, revoked or expired
 * key, a disabled user or a user whose person is deleted — checked on every request, so
 * cutting someone off needs no key revocation.
 */
export async function authenticateApiKey(db: DbOrTx, key: string, now: Date): Promise<{ actor: Actor; keyId: string } | null> {
  if (!KEY_FORMAT.test(key)) return null;
  const row = await findActiveApiKey(db, hashApiKey(key), now);
  if (!row) return null;
  const actor = await loadActor(db, row.userId);
  if (!actor || actor.institutionId !== row.institutionId) return null;
  await touchApiKey(db, row.id, now);
  return { actor, keyId: row.id };
}

export const createApiKeyInputSchema = z.object({
  name: z.string().trim().min(1, "Name the key.").max(100),
  /** Days until the key stops working; empty = never. */
  expiresInDays: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number().int("Whole days.").min(1, "At least 1 day.").max(3650, "At most 3650 days.").optional(),
  ),
});

/** A user creates a key acting as themselves; the key is in the answer only. */
export async function createOwnApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof createApiKeyInputSchema> }) {
  const { name, expiresInDays } = createApiKeyInputSchema.parse(input);
  const expiresAt = expiresInDays ? new Date(ctx.now.getTime() + expiresInDays * DAY_MS) : null;
  const created = await createApiKey(ctx.db, ctx.actor.userId, name, expiresAt);
  if (!created) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  return { id: created.id, key: created.key, prefix: created.prefix, expiresAt };
}

/**
 * The keys the actor may manage: their own; an administrator's list holds every key of the
 * institution (SPEC: administrators can cut off any access of their institution).
 */
export function listManageableApiKeys({ ctx }: { ctx: ServiceContext }): Promise<ApiKeyRow[]> {
  return listApiKeys(ctx.db, { institutionId: ctx.actor.institutionId, userId: can(ctx.actor, "apiKeys.manageInstitution") ? undefined : ctx.actor.userId });
}

export const revokeApiKeyInputSchema = z.object({ keyId: z.string().uuid() });

/**
 * Revokes a key: the actor's own, or — for an administrator — any key of their institution.
 * Another institution's key, someone else's key for a non-administrator, or an unknown id is
 * NOT_FOUND (no hint that it exists); revoking an already revoked key is a CONFLICT.
 */
export async function revokeApiKey({ ctx, input }: { ctx: ServiceContext; input: z.input<typeof revokeApiKeyInputSchema> }) {
  const { keyId } = revokeApiKeyInputSchema.parse(input);
  const scope = { institutionId: ctx.actor.institutionId, userId: can(ctx.actor, "apiKeys.manageInstitution") ? undefined : ctx.actor.userId };
  if (await revokeApiKeyRow(ctx.db, { ...scope, id: keyId, now: ctx.now })) return { keyId };
  const visible = (await listApiKeys(ctx.db, scope)).find((k) => k.id === keyId);
  if (!visible) throw new AppError("NOT_FOUND", "No such API key.");
  throw new AppError("CONFLICT", "This key is already revoked.");
}
