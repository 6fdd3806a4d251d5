import { describe, expect, it } from "vitest";
import { decideThrottle, throttleMessage, type ThrottlePolicy } from "./throttle";

const now = new Date("2026-03-02T15:00:00Z");
const policy: ThrottlePolicy = { windowMs: 15 * 60_000, maxFailuresPerEmail: 5, maxFailuresPerIp: 20 };
const SEC = 1000;
const MIN = 60 * SEC;
/** `n` failures `stepMs` apart, the newest `newestAgoMs` before now. */
const failures = (n: number, stepMs = MIN, newestAgoMs = 0) =>
  Array.from({ length: n }, (_, i) => new Date(now.getTime() - newestAgoMs - i * stepMs));
const inMs = (ms: number) => new Date(now.getTime() + ms);

describe("decideThrottle", () => {
  it.each([
    ["no failures", [], [], { allowed: true }],
    ["4 failures for the email", failures(4), failures(4), { allowed: true }],
    [
      "5 failures for the email: refused until the 5th newest leaves the window",
      failures(5),
      failures(5),
      { allowed: false, scope: "email", retryAt: inMs(11 * MIN), retryAfterMinutes: 11 },
    ],
    [
      "9 failures for the email: still the 5th newest decides",
      failures(9),
      [],
      { allowed: false, scope: "email", retryAt: inMs(11 * MIN), retryAfterMinutes: 11 },
    ],
    ["5 failures, the oldest exactly at the window's start: it no longer counts", failures(5, MIN, 11 * MIN), [], { allowed: true }],
    [
      "part of a minute rounds up",
      failures(5, 30 * SEC, 12.5 * MIN),
      [],
      { allowed: false, scope: "email", retryAt: inMs(30 * SEC), retryAfterMinutes: 1 },
    ],
    ["future-dated failures (clock skew) are ignored", failures(5, MIN, -60 * MIN), [], { allowed: true }],
    [
      "order of the input does not matter",
      failures(5).reverse(),
      [],
      { allowed: false, scope: "email", retryAt: inMs(11 * MIN), retryAfterMinutes: 11 },
    ],
    ["19 failures from the address", [], failures(19, 30 * SEC), { allowed: true }],
    [
      "20 failures from the address",
      [],
      failures(20, 30 * SEC),
      { allowed: false, scope: "ip", retryAt: inMs(5.5 * MIN), retryAfterMinutes: 6 },
    ],
    [
      "both limits apply, the address's lasts longer",
      failures(5, MIN, 8 * MIN),
      failures(20, 10 * SEC),
      { allowed: false, scope: "ip", retryAt: inMs(15 * MIN - 190 * SEC), retryAfterMinutes: 12 },
    ],
    [
      "both limits apply, the email's lasts longer",
      failures(5),
      failures(20, 10 * SEC, 5 * MIN),
      { allowed: false, scope: "email", retryAt: inMs(11 * MIN), retryAfterMinutes: 11 },
    ],
  ] as const)("%s", (_name, byEmail, byIp, expected) => {
    expect(decideThrottle({ now, failuresByEmail: byEmail, failuresByIp: byIp, policy })).toEqual(expected);
  });

  it("uses the product policy by default: 5 per email, 20 per address, in 15 minutes", () => {
    expect(decideThrottle({ now, failuresByEmail: failures(4), failuresByIp: failures(19, 10 * SEC) })).toEqual({ allowed: true });
    expect(decideThrottle({ now, failuresByEmail: failures(5), failuresByIp: [] })).toMatchObject({ allowed: false, scope: "email" });
    expect(decideThrottle({ now, failuresByEmail: [], failuresByIp: failures(20, 10 * SEC) })).toMatchObject({ allowed: false, scope: "ip" });
    expect(decideThrottle({ now, failuresByEmail: failures(5, MIN, 11 * MIN), failuresByIp: [] })).toEqual({ allowed: true });
  });
});

describe("throttleMessage", () => {
  it.each([
    [1, "Too many sign-in attempts. Try again in 1 minute."],
    [11, "Too many sign-in attempts. Try again in 11 minutes."],
  ])("%d", (minutes, text) => {
    expect(throttleMessage(minutes)).toBe(text);
  });
});
