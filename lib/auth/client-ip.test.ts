import { describe, expect, it } from "vitest";
import { clientIpFrom } from "./client-ip";

describe("clientIpFrom", () => {
  it.each([
    ["first X-Forwarded-For entry", { "x-forwarded-for": "203.0.113.7, 10.0.0.1", "x-real-ip": "10.0.0.2" }, "203.0.113.7"],
    ["single X-Forwarded-For", { "x-forwarded-for": "2001:db8::1" }, "2001:db8::1"],
    ["IPv4-mapped IPv6 is plain IPv4", { "x-forwarded-for": "::ffff:127.0.0.1" }, "127.0.0.1"],
    ["X-Real-IP when no X-Forwarded-For", { "x-real-ip": " 198.51.100.4 " }, "198.51.100.4"],
    ["empty X-Forwarded-For falls through", { "x-forwarded-for": " ", "x-real-ip": "198.51.100.4" }, "198.51.100.4"],
    ["nothing → unknown", {}, "unknown"],
  ])("%s", (_name, headers, expected) => {
    expect(clientIpFrom(new Headers(headers))).toBe(expected);
  });
});
