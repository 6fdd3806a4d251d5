import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db";
import { findSessionUser, insertSignInGrant, redeemSignInGrant } from "@/db/queries/sso-sign-in";
import type { SignedInUser } from "@/lib/auth/authenticate";

/** How long a grant may wait between the protocol handler and its redemption: one browser redirect. */
export const SIGN_IN_GRANT_TTL_MS = 60_000;

const hashOf = (grant: string) => createHash("sha256").update(grant, "utf8").digest("hex");

/**
 * A one-time sign-in grant for a user that `signInWithExternalIdentity` let in, for protocols
 * verified outside Auth.js (SAML). The handler that verified the identity creates one and signs
 * the browser in with it through the `sso-grant` Credentials provider — e.g. from a route
 * handler or server action: `await signIn("sso-grant", { grant, redirectTo })` (lib/auth).
 * 32 random bytes, base64url; only its SHA-256 is stored; it lives SIGN_IN_GRANT_TTL_MS and is
 * used once.
 */
export async function createSignInGrant({
  ctx,
  input,
}: {
  ctx: { db: DbOrTx; now: Date };
  input: { userId: string; institutionId: string; connectionId: string };
}): Promise<string> {
  const grant = randomBytes(32).toString("base64url");
  await insertSignInGrant(ctx.db, {
    tokenHash: hashOf(grant),
    ...input,
    now: ctx.now,
    expiresAt: new Date(ctx.now.getTime() + SIGN_IN_GRANT_TTL_MS),
  });
  return grant;
}

/**
 * The user a grant signs in, or null when the grant is unknown, used, expired, or its user has
 * since been disabled. Using it consumes it, whatever happens next.
 */
export async function redeemSignInGrantForUser({ ctx, input }: { ctx: { db: DbOrTx; now: Date }; input: { grant: string } }): Promise<SignedInUser | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(input.grant)) return null;
  const redeemed = await redeemSignInGrant(ctx.db, { tokenHash: hashOf(input.grant), now: ctx.now });
  if (!redeemed) return null;
  const user = await findSessionUser(ctx.db, { institutionId: redeemed.institutionId, userId: redeemed.userId });
  if (!user || user.disabled) return null;
  const { disabled: _disabled, ...signedIn } = user;
  return signedIn;
}
