import type { SamlRequestStore } from "@/lib/auth/sso/saml/request-store";

/** The SamlRequestStore contract in memory, for protocol tests that need no database. */
export function memoryRequestStore(): SamlRequestStore & { size(): number } {
  const pending = new Map<string, { createdAt: Date; expiresAt: Date }>();
  return {
    async save(id, createdAt, expiresAt) {
      pending.set(id, { createdAt, expiresAt });
    },
    async findPending(id, now) {
      const row = pending.get(id);
      return row && row.expiresAt > now ? row.createdAt : null;
    },
    async consume(id) {
      return pending.delete(id) ? { redirectTo: "/" } : null;
    },
    size: () => pending.size,
  };
}
