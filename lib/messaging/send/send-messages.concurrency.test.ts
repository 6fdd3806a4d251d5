import { institutions } from "@/db/schema";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { resetEnvCache } from "@/lib/env";
import { firstSendsAtOnce, sendsAgainstMonthlyLimit } from "@/test/send-scenarios";

process.env.DB_POOL_MAX = "80";
resetEnvCache();

describe("atomic limits under concurrency (SPEC §4.3, §4.4)", () => {
  beforeAll(async () => {
    // Opens the pool's first connection before the concurrent sends.
    await getDb().$count(institutions);
  });

  it("200 first-time senders, 5 free numbers, limit 5 → exactly 5 different numbers; 195 emails", async () => {
    const { assigned, rows } = await firstSendsAtOnce(5);
    expect(assigned).toEqual({ n: 5, distinct_numbers: 5 });
    expect(rows).toEqual([
      { channel: "EMAIL", status: "pending", reason_code: "SMS_PHONE_NUMBER_LIMIT_REACHED", n: 195 },
      { channel: "SMS", status: "pending", reason_code: null, n: 5 },
    ]);
  });

  it("the limit holds with more free numbers than the limit (20 free, limit 5)", async () => {
    const { assigned, rows } = await firstSendsAtOnce(20);
    expect(assigned).toEqual({ n: 5, distinct_numbers: 5 });
    expect(rows.find((r) => r.channel === "SMS")?.n).toBe(5);
  });

  it("500 sends at once with 100 texts left this month → exactly 100 texts, 400 emails", async () => {
    const { rows, usage } = await sendsAgainstMonthlyLimit();
    expect(usage).toBe(1000);
    expect(rows).toEqual([
      { channel: "EMAIL", status: "pending", reason_code: "SMS_MONTHLY_LIMIT_REACHED", n: 400 },
      { channel: "SMS", status: "pending", reason_code: null, n: 100 },
    ]);
  });
});
