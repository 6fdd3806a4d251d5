/**
 * Timing rules of the sending worker (SPEC §5: sent exactly once, or a recorded fallback).
 */
export const DISPATCH = {
  /** A claim older than this belongs to a worker that died mid-send: another may resume it. */
  staleClaimMs: 45_000,
  /** After an ambiguous answer (5xx, timeout) wait this long, then look the text up at Twilio. */
  ambiguousRecheckMs: 5_000,
  /** Attempts before a text that keeps failing transiently is resent by email. */
  maxAttempts: 8,
  /** Texts handed to Twilio at once by one fetch loop of a worker. */
  concurrency: 32,
  /** Jobs (of 25 messages) a worker's fetch loop takes at once. */
  jobsPerFetch: 8,
  /** Fetch loops per worker process for texts: one hands a batch over while another fetches. */
  fetchLoops: 2,
} as const;

/** Exponential backoff with a cap: 1 s, 2 s, 4 s, … 60 s. */
export function backoffMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}
