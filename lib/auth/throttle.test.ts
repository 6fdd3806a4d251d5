import { describe, expect, it } from "vitest";
import { decideThrottle, throttleMessage, type ThrottlePolicy } from "./throttle";

const now = new Date("2026-03-02T15:00:00Z");
const SEC = 1000;
const MIN = 60 * SEC;
const policy: ThrottlePolicy = {
  pairWindowMs: 60 * MIN,
  freeFailures: 5,
  baseDelayMs: MIN,
  maxDelayMs: 30 * MIN,
  ipWindowMs: 15 * MIN,
  maxFailuresPerIp: 20,
};
/** `n` failures `stepMs` apart, the newest `newestAgoMs` before now. */
const failures = (n: number, stepMs = 10 * SEC, newestAgoMs = 0) =>
  Array.from({ length: n }, (_, i) => new Date(now.getTime() - newestAgoMs - i * stepMs));
const inMs = (ms: number) => new Date(now.getTime() + ms);

describe("decideThrottle", () => {
  it.each([
    ["no failures", [], [], { allowed: true }],
    ["4 failures of the pair cost nothing", failures(4), failures(4), { allowed: true }],
    ["5 failures: the 6th try waits 1 minute after the latest", failures(5), failures(5), { allowed: false, scope: "email-client", retryAt: inMs(MIN), retryAfterMinutes: 1 }],
    ["6 failures: 2 minutes", failures(6), [], { allowed: false, scope: "email-client", retryAt: inMs(2 * MIN), retryAfterMinutes: 2 }],
    ["7 failures: 4 minutes", failures(7), [], { allowed: false, scope: "email-client", retryAt: inMs(4 * MIN), retryAfterMinutes: 4 }],
    ["9 failures: 16 minutes", failures(9), [], { allowed: false, scope: "email-client", retryAt: inMs(16 * MIN), retryAfterMinutes: 16 }],
    ["15 failures: capped at 30 minutes", failures(15), [], { allowed: false, scope: "email-client", retryAt: inMs(30 * MIN), retryAfterMinutes: 30 }],
    ["5 failures, the latest 1 minute ago: the delay has passed", failures(5, 10 * SEC, MIN), [], { allowed: true }],
    ["6 failures, the latest 90 s ago: 30 s still to wait, rounded up", failures(6, 10 * SEC, 90 * SEC), [], { allowed: false, scope: "email-client", retryAt: inMs(30 * SEC), retryAfterMinutes: 1 }],
    ["failures older than the pair's window are forgotten", [...failures(4), ...failures(5, SEC, 61 * MIN)], [], { allowed: true }],
    ["future-dated failures (clock skew) are ignored", failures(6, MIN, -60 * MIN), [], { allowed: true }],
    ["order of the input does not matter", failures(6).reverse(), [], { allowed: false, scope: "email-client", retryAt: inMs(2 * MIN), retryAfterMinutes: 2 }],
    ["19 failures from the address, any email", [], failures(19, 30 * SEC), { allowed: true }],
    ["20 failures from the address: until the 20th newest leaves the window", [], failures(20, 30 * SEC), { allowed: false, scope: "client", retryAt: inMs(5.5 * MIN), retryAfterMinutes: 6 }],
    ["both apply, the address's lasts longer", failures(5), failures(20, 10 * SEC), { allowed: false, scope: "client", retryAt: inMs(15 * MIN - 190 * SEC), retryAfterMinutes: 12 }],
    ["both apply, the pair's lasts longer", failures(9), failures(20, 10 * SEC, 5 * MIN), { allowed: false, scope: "email-client", retryAt: inMs(16 * MIN), retryAfterMinutes: 16 }],
  ] as const)("%s", (_name, byPair, byIp, expected) => {
    expect(decideThrottle({ now, failuresByPair: byPair, failuresByIp: byIp, policy })).toEqual(expected);
  });

  it("uses the product policy by default: 5 free per email and client, then 1, 2, 4… minutes; 20 per client in 15 minutes", () => {
    expect(decideThrottle({ now, failuresByPair: failures(4), failuresByIp: failures(19) })).toEqual({ allowed: true });
    expect(decideThrottle({ now, failuresByPair: failures(5), failuresByIp: [] })).toMatchObject({ allowed: false, scope: "email-client", retryAfterMinutes: 1 });
    expect(decideThrottle({ now, failuresByPair: [], failuresByIp: failures(20) })).toMatchObject({ allowed: false, scope: "client" });
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
