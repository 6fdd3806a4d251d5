import { describe, expect, it } from "vitest";
import { evaluateHealth, monthlyPercent, numbersAvailable, poolPercent, type HealthFacts } from "./health-rules";

const NOW = new Date("2026-12-09T18:00:00Z");

function facts(over: { webhooks?: Partial<HealthFacts["webhooks"]>; pool?: Partial<HealthFacts["pool"]>; monthly?: Partial<HealthFacts["monthly"]> } = {}): HealthFacts {
  return {
    now: NOW,
    webhooks: {
      lastCallbackAt: NOW,
      lastInboundAt: NOW,
      handedOverWithoutCallback: null,
      waiting: 0,
      deliveredWhileNoInbound: null,
      refusedSignatures: 0,
      ...over.webhooks,
    },
    pool: { freeNumbers: 100, assigned: 0, limit: 1000, waitingStaff: 0, ...over.pool },
    monthly: { month: "2026-12", used: 0, limit: 1000, ...over.monthly },
  };
}

const keys = (f: HealthFacts) => evaluateHealth(f).map((c) => `${c.key} ${c.level}${c.coveredBy ? ` (covered by ${c.coveredBy})` : ""}`);

describe("the monthly limit", () => {
  it.each([
    [0, []],
    [790, []],
    [799, []],
    [800, ["monthly-limit:80:2026-12 warning"]],
    [999, ["monthly-limit:80:2026-12 warning"]],
    [1000, ["monthly-limit:80:2026-12 warning (covered by monthly-limit:100:2026-12)", "monthly-limit:100:2026-12 critical"]],
  ])("%i of 1,000 texts → %j", (used, expected) => {
    expect(keys(facts({ monthly: { used } }))).toEqual(expected);
  });

  it("keys each alert by its month, so it is emailed once a month", () => {
    const [c] = evaluateHealth(facts({ monthly: { month: "2027-01", used: 800 } }));
    expect(c).toMatchObject({ key: "monthly-limit:80:2027-01", period: "2027-01", title: "Monthly text limit 80 % used", detail: "800 of 1,000 texts used this month." });
  });

  it("has no rule for a limit of 0 (texting not provisioned)", () => {
    expect(monthlyPercent({ month: "2026-12", used: 0, limit: 0 })).toBeNull();
    expect(keys(facts({ monthly: { used: 0, limit: 0 } }))).toEqual([]);
  });
});

describe("the number pool", () => {
  it.each([
    // waiting staff against 100 numbers available
    [0, []],
    [79, []],
    [80, ["number-pool:80 warning"]],
    [99, ["number-pool:80 warning"]],
    [100, ["number-pool:80 warning (covered by number-pool:100)", "number-pool:100 critical"]],
    [140, ["number-pool:80 warning (covered by number-pool:100)", "number-pool:100 critical"]],
  ])("%i permitted staff without a number, 100 numbers available → %j", (waitingStaff, expected) => {
    expect(keys(facts({ pool: { waitingStaff } }))).toEqual(expected);
  });

  it("counts only what the Phone Number Usage Limit still allows", () => {
    // 50 free in the pool, but only 10 more may be assigned: 8 waiting is 80 %.
    const pool = { freeNumbers: 50, assigned: 90, limit: 100, waitingStaff: 8 };
    expect(numbersAvailable(pool)).toBe(10);
    expect(poolPercent(pool)).toBe(80);
    expect(keys(facts({ pool }))).toEqual(["number-pool:80 warning"]);
  });

  it("says at 100 % whether anyone will go without a number", () => {
    const titleAt = (waitingStaff: number) => evaluateHealth(facts({ pool: { freeNumbers: 5, waitingStaff } })).find((c) => c.level === "critical")!;
    expect(titleAt(5).title).toBe("No spare system numbers");
    expect(titleAt(5).detail).toContain("Once they have all texted, the next permitted staff member will get no number");
    expect(titleAt(7).title).toBe("Not enough system numbers");
    expect(titleAt(7).detail).toContain("2 of them will get no number");
    expect(titleAt(7).detail).toMatch(/^7 permitted staff members have no number yet and 5 numbers are available/);
  });

  it("is critical when someone waits and no number is left, and quiet when nobody waits", () => {
    expect(poolPercent({ freeNumbers: 0, assigned: 5, limit: 5, waitingStaff: 1 })).toBe(Infinity);
    expect(keys(facts({ pool: { freeNumbers: 0, waitingStaff: 1 } }))).toContain("number-pool:100 critical");
    expect(poolPercent({ freeNumbers: 0, assigned: 5, limit: 5, waitingStaff: 0 })).toBeNull();
  });
});

describe("webhooks", () => {
  it("calls callbacks stopped when a text handed over 15–60 minutes ago has had none", () => {
    expect(keys(facts({ webhooks: { handedOverWithoutCallback: 0, lastCallbackAt: null } }))).toEqual([]);
    const [c] = evaluateHealth(facts({ webhooks: { handedOverWithoutCallback: 3, lastCallbackAt: new Date(NOW.getTime() - 40 * 60_000) } }));
    expect(c).toMatchObject({ key: "webhooks:callbacks-stopped", level: "critical" });
    expect(c.detail).toContain("last: 40 min ago");
    expect(c.detail).toContain("while 3 texts handed to Twilio in the last hour have had none.");
    const [one] = evaluateHealth(facts({ webhooks: { handedOverWithoutCallback: 1, lastCallbackAt: null } }));
    expect(one.detail).toContain("while 1 text handed to Twilio in the last hour has had none.");
  });

  it.each([
    [49, []],
    [50, ["webhooks:no-inbound warning"]],
  ])("no inbound text for 24 h with %i texts delivered → %j", (delivered, expected) => {
    expect(keys(facts({ webhooks: { lastInboundAt: null, deliveredWhileNoInbound: delivered } }))).toEqual(expected);
  });

  it.each([
    [24, []],
    [25, ["webhooks:waiting warning"]],
  ])("%i texts waiting for a final status → %j", (waiting, expected) => {
    expect(keys(facts({ webhooks: { waiting } }))).toEqual(expected);
  });

  it.each([
    [0, []],
    [1, ["webhooks:refused-signatures warning"]],
  ])("%i refused signatures in the last hour → %j", (refusedSignatures, expected) => {
    expect(keys(facts({ webhooks: { refusedSignatures } }))).toEqual(expected);
  });
});
