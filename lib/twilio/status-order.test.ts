import { describe, expect, it } from "vitest";
import { MESSAGE_STATUSES, type MessageStatus } from "@/db/schema/constants";
import { canTransition } from "./status-order";

const FINAL = ["delivered", "undelivered", "failed"] as const;

/** Every allowed move; every other pair of the 11 × 11 is refused. */
const ALLOWED: Record<MessageStatus, readonly MessageStatus[]> = {
  pending: ["accepted", "queued", "sending", "sent", ...FINAL, "canceled"],
  accepted: ["queued", "sending", "sent", ...FINAL, "canceled"],
  queued: ["sending", "sent", ...FINAL, "canceled"],
  sending: ["sent", ...FINAL],
  sent: [...FINAL],
  delivered: [],
  undelivered: [],
  failed: [],
  canceled: [],
  received: [],
  refused: [],
};

describe("canTransition", () => {
  const pairs = MESSAGE_STATUSES.flatMap((from) => MESSAGE_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED[from].includes(to));
  });

  it.each([
    ["a late sent never overwrites delivered", "delivered", "sent", false],
    ["a late queued never overwrites sent", "sent", "queued", false],
    ["delivered after undelivered changes nothing", "undelivered", "delivered", false],
    ["undelivered after delivered changes nothing", "delivered", "undelivered", false],
    ["failed is final", "failed", "delivered", false],
    ["a repeated callback changes nothing", "sent", "sent", false],
    ["a skipped step is fine", "queued", "delivered", true],
    ["Messaging Service: accepted then queued", "accepted", "queued", true],
    ["but not queued back to accepted", "queued", "accepted", false],
    ["a text on its way can no longer be canceled", "sending", "canceled", false],
    ["an inbound text never changes", "received", "delivered", false],
    ["a refused send never changes", "refused", "pending", false],
  ] as const)("%s", (_name, from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected);
  });
});
