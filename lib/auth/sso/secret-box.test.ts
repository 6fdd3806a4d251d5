import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { openSecret, oidcSecretContext, sealSecret } from "./secret-box";

const key = randomBytes(32).toString("base64");
/** The sealed form with the first byte of its part `index` (2: tag, 3: ciphertext) flipped. */
function flipFirstByte(sealed: string, index: number) {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index], "base64url");
  bytes[0] ^= 0xff;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

const context = oidcSecretContext("11111111-1111-4111-8111-111111111111");

describe("secret box (AES-256-GCM under SSO_ENCRYPTION_KEY)", () => {
  it("opens what it sealed; the sealed form never contains the secret and differs each time", () => {
    const a = sealSecret("client-secret-value", context, key);
    const b = sealSecret("client-secret-value", context, key);
    expect(openSecret(a, context, key)).toBe("client-secret-value");
    expect(a).not.toBe(b);
    expect(a).not.toContain("client-secret-value");
    expect(a).not.toContain(Buffer.from("client-secret-value").toString("base64url"));
    expect(a.split(".")).toHaveLength(4);
  });

  it.each([
    ["another key", (s: string) => openSecret(s, context, randomBytes(32).toString("base64"))],
    ["another institution's context", (s: string) => openSecret(s, oidcSecretContext("22222222-2222-4222-8222-222222222222"), key)],
    ["an altered ciphertext", (s: string) => openSecret(flipFirstByte(s, 3), context, key)],
    ["an altered tag", (s: string) => openSecret(flipFirstByte(s, 2), context, key)],
  ])("refuses to open it with %s, without quoting it", (_what, open) => {
    const sealed = sealSecret("client-secret-value", context, key);
    expect(() => open(sealed)).toThrow(/could not be decrypted/);
    try {
      open(sealed);
    } catch (err) {
      expect(String(err)).not.toContain(sealed);
    }
  });

  it("without a key, says which variable to set", () => {
    const saved = process.env.SSO_ENCRYPTION_KEY;
    delete process.env.SSO_ENCRYPTION_KEY;
    resetEnvCache();
    try {
      expect(() => sealSecret("x", context)).toThrow(/SSO_ENCRYPTION_KEY is not set/);
      expect(() => openSecret("v1.a.b.c", context)).toThrow(/SSO_ENCRYPTION_KEY is not set/);
    } finally {
      process.env.SSO_ENCRYPTION_KEY = saved;
      resetEnvCache();
    }
    expect(() => openSecret("plain-text", context, key)).toThrow(/Not a sealed secret/);
  });
});
