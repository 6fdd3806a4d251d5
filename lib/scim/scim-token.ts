import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db";
import { countScimAuthFailure, findScimTokenOwner, touchScimToken } from "@/db/queries/scim-settings";

const TOKEN_PREFIX = "scim_";
/** `scim_` + 32 random bytes in base64url (43 characters). */
const TOKEN_FORMAT = /^scim_[A-Za-z0-9_-]{43}$/;
/** How much of the token is kept in clear to tell tokens apart. */
export const SHOWN_TOKEN_LENGTH = TOKEN_PREFIX.length + 6;

/** Refused requests per client address per window before bad tokens are answered 429. */
export const SCIM_AUTH_FAILURE_LIMIT = 30;
export const SCIM_AUTH_FAILURE_WINDOW_MS = 15 * 60_000;

export function hashScimToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh token: the clear text (shown once), its hash (stored) and its prefix (shown). */
export function newScimToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashScimToken(token), prefix: token.slice(0, SHOWN_TOKEN_LENGTH) };
}

export type ScimAuthentication =
  | { ok: true; institutionId: string }
  | { ok: false; status: 401 }
  | { ok: false; status: 429; retryAfterSeconds: number };

/**
 * The institution whose current SCIM token `token` is (only its SHA-256 is compared). A
 * missing, malformed, unknown or revoked token is counted against the client's address; past
 * SCIM_AUTH_FAILURE_LIMIT in the window the answer is 429 with the seconds until the window
 * ends. A valid token is never refused for its address's failures: directories (Entra ID, Okta)
 * call from addresses shared by all their customers, so one tenant's bad token must not stop
 * another's provisioning. Tokens are 256-bit random: the count slows a noisy client, guessing
 * is hopeless anyway.
 */
export async function authenticateScimToken(db: DbOrTx, token: string | null, client: string, now: Date): Promise<ScimAuthentication> {
  if (token && TOKEN_FORMAT.test(token)) {
    const owner = await findScimTokenOwner(db, hashScimToken(token));
    if (owner) {
      await touchScimToken(db, { institutionId: owner.institutionId, now });
      return { ok: true, institutionId: owner.institutionId };
    }
  }
  const windowStart = Math.floor(now.getTime() / SCIM_AUTH_FAILURE_WINDOW_MS) * SCIM_AUTH_FAILURE_WINDOW_MS;
  const failures = await countScimAuthFailure(db, { client, windowStart: new Date(windowStart) });
  if (failures <= SCIM_AUTH_FAILURE_LIMIT) return { ok: false, status: 401 };
  return { ok: false, status: 429, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + SCIM_AUTH_FAILURE_WINDOW_MS - now.getTime()) / 1000)) };
}
