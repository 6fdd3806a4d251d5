import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

const CHEAP = { N: 1024, r: 8, p: 1 };

describe("hashPassword / verifyPassword", () => {
  it("uses scrypt with OWASP's cost by default and verifies the same password", async () => {
    const stored = await hashPassword("demo-pass");
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword("demo-pass", stored)).toBe(true);
    expect(await verifyPassword("demo-pasS", stored)).toBe(false);
  });

  it("salts every hash", async () => {
    const a = await hashPassword("same", CHEAP);
    const b = await hashPassword("same", CHEAP);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same", a)).toBe(true);
    expect(await verifyPassword("same", b)).toBe(true);
  });

  it.each([
    ["wrong password", "other"],
    ["empty password", ""],
    ["prefix of the password", "correct horse"],
  ])("rejects a %s", async (_name, attempt) => {
    const stored = await hashPassword("correct horse battery", CHEAP);
    expect(await verifyPassword(attempt, stored)).toBe(false);
  });

  it.each([
    ["another algorithm", "bcrypt$10$abc$def"],
    ["missing parts", "scrypt$1024$8$1"],
    ["empty", ""],
  ])("rejects a stored value with %s", async (_name, stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });

  it("reads the cost from the stored value, so old hashes keep working after a cost change", async () => {
    const stored = await hashPassword("pw", { N: 2048, r: 8, p: 1 });
    expect(stored.startsWith("scrypt$2048$8$1$")).toBe(true);
    expect(await verifyPassword("pw", stored)).toBe(true);
  });
});
