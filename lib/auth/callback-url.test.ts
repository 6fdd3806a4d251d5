import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it.each([
    ["/people", "/people"],
    ["/people/abc/messages?tab=1#x", "/people/abc/messages?tab=1#x"],
    ["/admin/messaging/message-report?status=FAILED", "/admin/messaging/message-report?status=FAILED"],
    ["https://evil.example/people", "/"],
    ["//evil.example/people", "/"],
    ["/\\evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["people", "/"],
    ["/sign-in?callbackUrl=/admin", "/"],
    ["/api/auth/signout", "/"],
    ["/\tevil", "/"],
    ["", "/"],
    [undefined, "/"],
    [42, "/"],
  ])("%j → %s", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it("uses the given fallback", () => {
    expect(safeCallbackPath("https://evil.example", "/messages")).toBe("/messages");
  });
});
