import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, baseSecurityHeaders, createNonce, pageContentSecurityPolicy } from "./security-headers";

describe("security headers (issue 13)", () => {
  it("a page's CSP allows scripts only with the request's nonce, and is never framed", () => {
    const csp = pageContentSecurityPolicy("abc123", { https: false });
    expect(csp).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc123' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(pageContentSecurityPolicy("n", { https: true })).toMatch(/; upgrade-insecure-requests$/);
    expect(pageContentSecurityPolicy("n", { https: false, development: true })).toContain("'strict-dynamic' 'unsafe-eval'");
  });

  it("HSTS only when PUBLIC_BASE_URL is https; nosniff, Referrer-Policy and X-Frame-Options always", () => {
    expect(baseSecurityHeaders({ https: true })).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
    expect(baseSecurityHeaders({ https: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(API_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it("nonces are fresh and 128 bits", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0], "base64")).toHaveLength(16);
  });
});
