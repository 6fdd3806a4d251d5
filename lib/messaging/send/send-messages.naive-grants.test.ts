import { describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { firstSendsAtOnce, sendsAgainstMonthlyLimit } from "@/test/send-scenarios";

// The database edge: db/queries' atomic grants replaced by a naive check-then-update pair.
vi.mock("@/db/queries/system-numbers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db/queries/system-numbers")>()),
  assignSystemNumber: (await import("@/test/naive-grants")).naiveGrants.assignSystemNumber,
}));
vi.mock("@/db/queries/sms-usage", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/db/queries/sms-usage")>()),
  reserveMonthlyTexts: (await import("@/test/naive-grants")).naiveGrants.reserveMonthlyTexts,
}));

process.env.DB_POOL_MAX = "80";
resetEnvCache();

describe("the same scenarios against a naive check-then-update (proves the tests can fail)", () => {
  it("naive number assignment passes the Phone Number Usage Limit", async () => {
    const { assigned } = await firstSendsAtOnce(20);
    expect(assigned.n).toBeGreaterThan(5);
  });

  it("naive monthly count grants more than 100 texts", async () => {
    const { rows } = await sendsAgainstMonthlyLimit();
    expect(rows.find((r) => r.channel === "SMS")!.n).toBeGreaterThan(100);
  });
});
