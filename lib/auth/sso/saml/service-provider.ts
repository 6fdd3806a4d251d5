import { SAML, ValidateInResponseTo, generateServiceProviderMetadata } from "@node-saml/node-saml";
import type { SamlIdentityProvider } from "./idp-metadata";
import { REQUEST_LIFETIME_MS, cacheProviderFor, type SamlRequestStore } from "./request-store";

/** This application as one connection's service provider (SP). */
export type SamlServiceProvider = {
  /** Our entityID at the IdP: the Audience every assertion must name. One per connection. */
  entityId: string;
  /** The assertion consumer service (POST binding): Destination and Recipient must be this. */
  acsUrl: string;
};

/**
 * Clock difference tolerated on NotBefore / NotOnOrAfter. Small: an assertion lives minutes, and
 * campus IdPs keep time by NTP.
 */
export const CLOCK_SKEW_MS = 60_000;

/**
 * The node-saml client for one connection, configured for what issue 19 requires:
 * - a signature on the Response or on the Assertion (IdPs differ: Entra and Okta sign the
 *   assertion by default, others the response), checked against the IdP's metadata certificates
 *   only — never a certificate the message carries; node-saml reads only the signed bytes
 *   (xml-crypto's getVerifiedXml), which defeats signature wrapping;
 * - Audience = our SP entity id; NotBefore / NotOnOrAfter with CLOCK_SKEW_MS;
 * - InResponseTo always required (no IdP-initiated sign-in) and found in `store`.
 * Issuer, Destination and Recipient node-saml does not check: validate-response.ts does.
 * No NameIDPolicy is sent: IdPs differ in the formats they can release, and the email is read
 * from the NameID or an attribute (email-from-assertion.ts).
 */
export function samlClient(sp: SamlServiceProvider, idp: SamlIdentityProvider, store: SamlRequestStore, now: () => Date, requestId?: string) {
  const cache = cacheProviderFor(store, now);
  const saml = new SAML({
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: idp.ssoUrl,
    idpCert: idp.certificates,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
    cacheProvider: cache.provider,
    ...(requestId ? { generateUniqueId: () => requestId } : {}),
  });
  return { saml, consumedHere: cache.consumedHere };
}

/**
 * Our SP metadata for the IdP's administrator (issue 19.1: the entity id and ACS URL to copy):
 * the ACS with the POST binding, assertions wanted signed, no certificate (we sign nothing and
 * take no encrypted assertions).
 */
export function buildSpMetadata(sp: SamlServiceProvider): string {
  return generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    identifierFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    wantAssertionsSigned: true,
  });
}
