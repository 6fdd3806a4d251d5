/**
 * Sign-in throttling that slows a guesser without letting a stranger lock anyone out.
 *
 * - Per (email, client address) pair: the first `freeFailures` failures cost nothing; after
 *   that each attempt must wait a delay that doubles with every further failure (from
 *   `baseDelayMs` up to `maxDelayMs`), counted from the pair's latest failure. Failures count
 *   within `pairWindowMs` and only since the pair's last successful sign-in. The same email
 *   from another client is not slowed at all, so failed tries from elsewhere cannot keep the
 *   real person out.
 * - Per client address, whatever the email: at most `maxFailuresPerIp` failures in
 *   `ipWindowMs` (a sliding window); the next attempt waits until the oldest counted leaves it.
 *   This caps how many accounts one client can try.
 *
 * There is deliberately no limit per email alone: that is the lock a stranger could trigger.
 * Guessing from many addresses is slowed by each pair's backoff and by the scrypt cost.
 */
export type ThrottlePolicy = {
  pairWindowMs: number;
  /** Failures of one (email, address) pair that cost no delay. */
  freeFailures: number;
  /** The delay after the first failure beyond the free ones; doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  ipWindowMs: number;
  /** Failures an address may have in its window, any email; the next attempt is refused. */
  maxFailuresPerIp: number;
};

export const SIGN_IN_THROTTLE: ThrottlePolicy = {
  pairWindowMs: 60 * 60_000,
  freeFailures: 5,
  baseDelayMs: 60_000,
  maxDelayMs: 30 * 60_000,
  ipWindowMs: 15 * 60_000,
  maxFailuresPerIp: 20,
};

export type ThrottleScope = "email-client" | "client";

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; scope: ThrottleScope; retryAt: Date; retryAfterMinutes: number };

/** Times within (since, now], newest first; future-dated ones (clock skew) are ignored. */
function recent(failures: readonly Date[], now: Date, windowMs: number): number[] {
  const since = now.getTime() - windowMs;
  return failures
    .map((d) => d.getTime())
    .filter((t) => t > since && t <= now.getTime())
    .sort((a, b) => b - a);
}

/** When the pair may try again: its latest failure + the backoff its failure count has earned. */
function pairBlockedUntil(failures: readonly Date[], now: Date, p: ThrottlePolicy): Date | null {
  const times = recent(failures, now, p.pairWindowMs);
  const beyond = times.length - p.freeFailures;
  if (beyond < 0) return null;
  const delay = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.min(beyond, 30));
  const until = times[0] + delay;
  return until > now.getTime() ? new Date(until) : null;
}

/** When the address may try again: once fewer than the maximum remain in its window. */
function ipBlockedUntil(failures: readonly Date[], now: Date, p: ThrottlePolicy): Date | null {
  const times = recent(failures, now, p.ipWindowMs);
  if (times.length < p.maxFailuresPerIp) return null;
  return new Date(times[p.maxFailuresPerIp - 1] + p.ipWindowMs);
}

/**
 * Decides whether a sign-in attempt may proceed, from the earlier failures of its (email,
 * address) pair and of its address (the attempt itself excluded). Refused attempts must not
 * check the password. When both apply, the later retry time wins.
 */
export function decideThrottle(input: {
  now: Date;
  failuresByPair: readonly Date[];
  failuresByIp: readonly Date[];
  policy?: ThrottlePolicy;
}): ThrottleDecision {
  const policy = input.policy ?? SIGN_IN_THROTTLE;
  const byPair = pairBlockedUntil(input.failuresByPair, input.now, policy);
  const byIp = ipBlockedUntil(input.failuresByIp, input.now, policy);
  if (!byPair && !byIp) return { allowed: true };
  const [scope, retryAt] =
    byPair && (!byIp || byPair.getTime() >= byIp.getTime()) ? (["email-client", byPair] as const) : (["client", byIp!] as const);
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
