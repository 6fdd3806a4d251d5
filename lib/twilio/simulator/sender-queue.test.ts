import { describe, expect, it } from "vitest";
import { createSenderQueue, enqueueText } from "./sender-queue";

describe("the simulated Twilio's queue per sending number", () => {
  it("lets texts go at the number's rate and expires those that would leave after their ValidityPeriod", () => {
    const q = createSenderQueue(1);
    const fates = [1, 1, 1, 2].map((segments, i) => enqueueText(q, { from: "+13125550100", segments, validitySeconds: 3, nowMs: 1_000_000 + i * 100 }));
    expect(fates).toEqual([
      { kind: "leaves", leavesInMs: 1000 },
      { kind: "leaves", leavesInMs: 1900 },
      { kind: "leaves", leavesInMs: 2800 },
      // Two more segments would leave at 5 s: expires at 3 s, and takes no sending time.
      { kind: "expires", expiresInMs: 3000 },
    ]);
    expect(enqueueText(q, { from: "+13125550100", segments: 1, validitySeconds: 36_000, nowMs: 1_000_400 })).toEqual({ kind: "leaves", leavesInMs: 3600 });
    // Another number has its own queue.
    expect(enqueueText(q, { from: "+13125550101", segments: 1, validitySeconds: 3, nowMs: 1_000_400 })).toEqual({ kind: "leaves", leavesInMs: 1000 });
  });

  it("rate 0: no queue, every text leaves at once", () => {
    const q = createSenderQueue(0);
    expect(enqueueText(q, { from: "+13125550100", segments: 9, validitySeconds: 1, nowMs: 0 })).toEqual({ kind: "leaves", leavesInMs: 0 });
  });
});
