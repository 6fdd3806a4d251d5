import "server-only";
import type { DbOrTx } from "@/db";
import { findActiveSessionVersion } from "@/db/queries/actors";

/** What the session token (JWT) carries besides Auth.js's own claims. */
export type SessionClaims = Record<string, unknown> & { userId?: unknown; sessionVersion?: unknown };

/**
 * Whether a session token may still be used: its user may sign in (not disabled, person not
 * deleted) and it was issued at the user's current session version — sign-out and disabling
 * move the version on, so a token copied before either is refused on its next request, by the
 * proxy (which then treats the visitor as signed out) as much as by pages and actions. Tokens
 * from before session versions existed carry none and are refused (one more sign-in).
 */
export async function isSessionTokenCurrent(db: DbOrTx, token: SessionClaims): Promise<boolean> {
  if (typeof token.userId !== "string" || typeof token.sessionVersion !== "number") return false;
  const current = await findActiveSessionVersion(db, token.userId);
  return current !== null && current === token.sessionVersion;
}
