import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it.each([
    ["/people", "/people"],
    ["/people/abc/messages?tab=1#x", "/people/abc/messages?tab=1#x"],
    ["/admin/messaging/message-report?status=FAILED", "/admin/messaging/message-report?status=FAILED"],
    ["https://evil.example/people", "/people"],
    ["//evil.example/people", "/people"],
    ["/\\evil.example", "/people"],
    ["\\\\evil.example", "/people"],
    ["javascript:alert(1)", "/people"],
    ["people", "/people"],
    ["/sign-in?callbackUrl=/admin", "/people"],
    ["/api/auth/signout", "/people"],
    ["/\tevil", "/people"],
    ["", "/people"],
    [undefined, "/people"],
    [42, "/people"],
  ])("%j → %s", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it("uses the given fallback", () => {
    expect(safeCallbackPath("https://evil.example", "/messages")).toBe("/messages");
  });
});
