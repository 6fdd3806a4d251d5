import { describe, expect, it } from "vitest";
import { classifySendResult } from "@/lib/messaging/send/get-send-results";
import type { SendResultRow } from "@/db/queries/send-results";
import { resultWhy } from "./result-labels";

const row = (over: Partial<SendResultRow>): SendResultRow => ({
  messageId: 1,
  personId: "p",
  name: "Flora Evening",
  conversationId: null,
  channel: "SMS",
  status: "pending",
  reasonCode: null,
  decisionDetail: null,
  toAddress: "+13055550100",
  heldUntil: null,
  heldTimeZone: null,
  fallback: null,
  ...over,
});

describe("resultWhy for a text (SPEC §9)", () => {
  it("a text held for quiet hours says until when on the recipient's clock", () => {
    const held = classifySendResult(row({ heldUntil: new Date("2030-01-15T13:00:00Z"), heldTimeZone: "America/New_York" }));
    expect(held.held).toEqual({ until: "2030-01-15T13:00:00.000Z", timeZone: "America/New_York" });
    expect(resultWhy(held)).toBe("Held for quiet hours until Tue, Jan 15, 2030, 8:00 AM Eastern");
  });

  it("a pending text not held waits; a sent one is no longer held", () => {
    expect(resultWhy(classifySendResult(row({})))).toBe("Waiting to send");
    const sent = classifySendResult(row({ status: "queued", heldUntil: new Date("2030-01-15T13:00:00Z"), heldTimeZone: "America/New_York" }));
    expect(sent.held).toBeNull();
    expect(resultWhy(sent)).toBe("Queued");
  });
});
