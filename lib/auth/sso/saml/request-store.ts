import type { CacheProvider } from "@node-saml/node-saml";

/**
 * The AuthnRequests we issued and have not seen answered (issue 19: an assertion must answer a
 * request of ours — InResponseTo — once). The database keeps them for every web process
 * (lib/auth/sso/saml/saml-request-store-db.ts); a request is consumed by an atomic delete, so
 * two deliveries of one response race for one row and only one wins.
 */
/** What was kept with a request until its answer: where the person was going. */
export type ConsumedRequest = { redirectTo: string };

export type SamlRequestStore = {
  /** Remembers a request id we are about to send, valid until `expiresAt`. */
  save(requestId: string, createdAt: Date, expiresAt: Date): Promise<void>;
  /** When the request was issued, if it is still pending and not expired at `now`; else null. */
  findPending(requestId: string, now: Date): Promise<Date | null>;
  /** Deletes the pending request; what it kept, for the one caller that deleted it, else null. */
  consume(requestId: string): Promise<ConsumedRequest | null>;
};

/** How long an AuthnRequest may take to be answered: the person signs in at their IdP meanwhile (with MFA). */
export const REQUEST_LIFETIME_MS = 10 * 60_000;

/**
 * node-saml's CacheProvider over a SamlRequestStore, for one validation or one request. node-saml
 * looks an id up (getAsync) and later removes it (removeAsync), but not on every path (a subject
 * confirmation without InResponseTo skips the removal) and not atomically: `consumedHere` records
 * which ids this adapter's own removals deleted, so the caller can insist on exactly one consumption.
 */
export function cacheProviderFor(store: SamlRequestStore, now: () => Date) {
  const consumedHere = new Map<string, ConsumedRequest>();
  const provider: CacheProvider = {
    async saveAsync(key, value) {
      const createdAt = new Date(value);
      await store.save(key, createdAt, new Date(createdAt.getTime() + REQUEST_LIFETIME_MS));
      return { value, createdAt: createdAt.getTime() };
    },
    async getAsync(key) {
      const createdAt = await store.findPending(key, now());
      return createdAt ? createdAt.toISOString() : null;
    },
    async removeAsync(key) {
      const consumed = key ? await store.consume(key) : null;
      if (!key || !consumed) return null;
      consumedHere.set(key, consumed);
      return key;
    },
  };
  return { provider, consumedHere };
}
