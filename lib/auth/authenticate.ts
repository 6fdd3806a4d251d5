import "server-only";
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/db";
import { findSignInCredential } from "@/db/queries/credentials";
import {
  deleteSignInAttempt,
  insertSignInAttempt,
  listRecentSignInFailures,
  markSignInAttemptSucceeded,
} from "@/db/queries/sign-in-attempts";
import { hashPassword, verifyPassword } from "@/db/password";
import { SIGN_IN_THROTTLE, decideThrottle, type ThrottlePolicy, type ThrottleScope } from "@/lib/auth/throttle";

export type SignedInUser = {
  userId: string;
  institutionId: string;
  personId: string | null;
  displayName: string;
  email: string;
  /** Goes into the session token; see users.session_version. */
  sessionVersion: number;
};

export type AuthenticateResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid" | "disabled" | "passwordSignInOff" }
  | { ok: false; reason: "throttled"; scope: ThrottleScope; retryAfterMinutes: number };

/** Compared against when the email is unknown, so a miss costs as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

/**
 * Checks an email and password for sign-in. The attempt is recorded first (as a failure until
 * the password proves right) and throttled per (email, client address) pair with growing delays
 * and per address (see throttle.ts), never per email alone, so a stranger's failures cannot
 * keep the real person out;
 * a throttled attempt is refused without checking the password, even a correct one.
 * Disabled users are refused only after a correct password, so the answer reveals nothing
 * to someone who does not know it; so is a user whose institution switched password sign-in
 * off (Administration → Sign-in), whose way in is the institution's SSO.
 */
export async function authenticate(
  ctx: { db: DbOrTx; now: Date; policy?: ThrottlePolicy },
  input: { email: string; password: string; ip: string },
): Promise<AuthenticateResult> {
  const policy = ctx.policy ?? SIGN_IN_THROTTLE;
  const email = input.email.trim().toLowerCase();
  if (!email || !input.password) return { ok: false, reason: "invalid" };

  const attempt = await insertSignInAttempt(ctx.db, { email, ip: input.ip, attemptedAt: ctx.now });
  const failures = await listRecentSignInFailures(ctx.db, {
    email,
    ip: input.ip,
    pairSince: new Date(ctx.now.getTime() - policy.pairWindowMs),
    ipSince: new Date(ctx.now.getTime() - policy.ipWindowMs),
    excludeId: attempt.id,
    // Enough to reach the longest delay (and the address's limit).
    limit: Math.max(policy.freeFailures + Math.ceil(Math.log2(policy.maxDelayMs / policy.baseDelayMs)) + 1, policy.maxFailuresPerIp),
  });
  const decision = decideThrottle({ now: ctx.now, failuresByPair: failures.byPair, failuresByIp: failures.byIp, policy });
  if (!decision.allowed) {
    await deleteSignInAttempt(ctx.db, attempt.id);
    return { ok: false, reason: "throttled", scope: decision.scope, retryAfterMinutes: decision.retryAfterMinutes };
  }

  const found = await findSignInCredential(ctx.db, email);
  const hash = found?.passwordHash ?? (await (decoyHash ??= hashPassword(randomUUID())));
  const passwordOk = (await verifyPassword(input.password, hash)) && Boolean(found?.passwordHash);
  if (!found || !passwordOk) return { ok: false, reason: "invalid" };
  if (found.disabled) return { ok: false, reason: "disabled" };
  // Told only after a correct password, like `disabled`: the institution signs in through its SSO.
  if (!found.passwordSignInAllowed) return { ok: false, reason: "passwordSignInOff" };

  await markSignInAttemptSucceeded(ctx.db, attempt.id);
  return {
    ok: true,
    user: {
      userId: found.userId,
      institutionId: found.institutionId,
      personId: found.personId,
      displayName: found.displayName,
      email: found.email,
      sessionVersion: found.sessionVersion,
    },
  };
}
