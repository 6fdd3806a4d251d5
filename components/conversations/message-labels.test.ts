import { describe, expect, it } from "vitest";
import { messageStatusLabel } from "./message-labels";

describe("messageStatusLabel: one wording of a message's standing in every view", () => {
  const now = new Date("2026-12-07T20:00:00Z");
  it("a held text says until when, on the recipient's clock", () => {
    expect(messageStatusLabel({ status: "pending", heldUntil: new Date("2026-12-08T14:00:00Z"), heldTimeZone: "America/Chicago" }, now, "America/New_York")).toBe(
      "Held for quiet hours until Tue, Dec 8, 8:00 AM Central",
    );
    expect(
      messageStatusLabel({ status: "pending", heldUntil: new Date("2026-12-07T21:00:00Z"), heldTimeZone: null }, new Date("2026-12-07T10:00:00Z"), "America/Denver"),
    ).toBe("Held for quiet hours until 2:00 PM Mountain");
  });

  it("anything else reads as its status", () => {
    expect(messageStatusLabel({ status: "pending", heldUntil: null, heldTimeZone: null }, now, "UTC")).toBe("Waiting to send");
    // A hold left on a text that has since gone is not shown.
    expect(messageStatusLabel({ status: "queued", heldUntil: new Date("2026-12-08T14:00:00Z"), heldTimeZone: "America/Chicago" }, now, "UTC")).toBe("Queued");
  });
});
