/**
 * Sign-in throttling: a sliding window of failed attempts per account (email) and per client
 * address. An account's failures count only since its last successful sign-in; an address's
 * failures count whatever account they were for.
 */
export type ThrottlePolicy = {
  windowMs: number;
  /** Failures an email may have in the window; the next attempt is refused. */
  maxFailuresPerEmail: number;
  /** Failures an address may have in the window; the next attempt is refused. */
  maxFailuresPerIp: number;
};

export const SIGN_IN_THROTTLE: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
};

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; scope: "email" | "ip"; retryAt: Date; retryAfterMinutes: number };

/** When `failures` (any order) stop blocking: the moment fewer than `max` remain in the window. */
function blockedUntil(failures: readonly Date[], max: number, now: Date, windowMs: number): Date | null {
  const since = now.getTime() - windowMs;
  const recent = failures
    .map((d) => d.getTime())
    .filter((t) => t > since && t <= now.getTime())
    .sort((a, b) => b - a);
  if (recent.length < max) return null;
  // Once the max-th most recent failure leaves the window, only max - 1 remain.
  return new Date(recent[max - 1] + windowMs);
}

/**
 * Decides whether a sign-in attempt may proceed, from the earlier failures for its email and
 * its address (the attempt itself excluded). Refused attempts must not check the password.
 * When both limits apply, the later retry time wins.
 */
export function decideThrottle(input: {
  now: Date;
  failuresByEmail: readonly Date[];
  failuresByIp: readonly Date[];
  policy?: ThrottlePolicy;
}): ThrottleDecision {
  const policy = input.policy ?? SIGN_IN_THROTTLE;
  const byEmail = blockedUntil(input.failuresByEmail, policy.maxFailuresPerEmail, input.now, policy.windowMs);
  const byIp = blockedUntil(input.failuresByIp, policy.maxFailuresPerIp, input.now, policy.windowMs);
  if (!byEmail && !byIp) return { allowed: true };
  const [scope, retryAt] =
    byEmail && (!byIp || byEmail.getTime() >= byIp.getTime()) ? (["email", byEmail] as const) : (["ip", byIp!] as const);
  return {
    allowed: false,
    scope,
    retryAt,
    retryAfterMinutes: Math.max(1, Math.ceil((retryAt.getTime() - input.now.getTime()) / 60_000)),
  };
}

/** The message a refused person reads. It does not say whether the account exists. */
export function throttleMessage(retryAfterMinutes: number): string {
  const unit = retryAfterMinutes === 1 ? "minute" : "minutes";
  return `Too many sign-in attempts. Try again in ${retryAfterMinutes} ${unit}.`;
}
