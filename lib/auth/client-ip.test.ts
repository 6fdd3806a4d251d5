import { describe, expect, it } from "vitest";
import { clientIpFrom, parseTrustedProxies, resolveClientIp } from "./client-ip";

describe("resolveClientIp", () => {
  it.each([
    ["no proxies configured: the socket, X-Forwarded-For ignored", "", "198.51.100.9", "203.0.113.7", "198.51.100.9"],
    ["IPv4-mapped IPv6 socket is plain IPv4", "", "::ffff:127.0.0.1", undefined, "127.0.0.1"],
    ["an untrusted socket's X-Forwarded-For is ignored", "10.0.0.1", "198.51.100.9", "203.0.113.7", "198.51.100.9"],
    ["a trusted proxy's X-Forwarded-For: the entry it appended", "10.0.0.1", "10.0.0.1", "203.0.113.7", "203.0.113.7"],
    ["a client-forged first entry is skipped: the rightmost untrusted wins", "10.0.0.1", "10.0.0.1", "1.2.3.4, 203.0.113.7", "203.0.113.7"],
    ["a chain of trusted proxies (CIDR) is walked", "10.0.0.0/8", "10.0.0.1", "203.0.113.7, 10.2.3.4", "203.0.113.7"],
    ["every hop trusted: the leftmost", "10.0.0.0/8", "10.0.0.1", "10.9.9.9, 10.2.3.4", "10.9.9.9"],
    ["a trusted proxy without X-Forwarded-For: the proxy itself", "10.0.0.1", "10.0.0.1", undefined, "10.0.0.1"],
    ["an unparsable hop stops the walk at the last trusted one", "10.0.0.1", "10.0.0.1", "203.0.113.7, not-an-ip", "10.0.0.1"],
    ["IPv6 proxies and clients", "fd00::/8", "fd00::1", "2001:db8::5", "2001:db8::5"],
    ["IPv4-mapped hop in X-Forwarded-For", "10.0.0.1", "::ffff:10.0.0.1", "::ffff:203.0.113.7", "203.0.113.7"],
    ["no socket address", "", undefined, "203.0.113.7", "unknown"],
  ])("%s", (_name, trusted, socket, xff, expected) => {
    expect(resolveClientIp(socket, xff, parseTrustedProxies(trusted))).toBe(expected);
  });

  it.each(["10.0.0.1/33", "not-an-ip", "10.0.0.0/8/1", "10.0.0.0/x"])("refuses TRUSTED_PROXIES entry %s", (entry) => {
    expect(() => parseTrustedProxies(`10.0.0.2, ${entry}`)).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("clientIpFrom", () => {
  it.each([
    ["the web server's header", { "x-aviso-client-ip": "203.0.113.7", "x-forwarded-for": "1.2.3.4" }, "203.0.113.7"],
    ["X-Forwarded-For alone is not believed", { "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.5" }, "unknown"],
    ["nothing → unknown", {}, "unknown"],
  ])("%s", (_name, headers, expected) => {
    expect(clientIpFrom(new Headers(headers))).toBe(expected);
  });
});
