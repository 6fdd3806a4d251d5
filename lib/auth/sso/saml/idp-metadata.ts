import { X509Certificate } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";
import { AppError } from "@/lib/errors";

/** What we need to know of a SAML identity provider, read from its metadata. */
export type SamlIdentityProvider = {
  /** The IdP's entityID: every assertion's Issuer must be exactly this. */
  entityId: string;
  /** Its SingleSignOnService for the HTTP-Redirect binding: where AuthnRequests go. */
  ssoUrl: string;
  /** Its signing certificates (PEM), several during a key rollover; a response signed by any one is accepted. */
  certificates: string[];
};

const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
/** IdP metadata is a few kilobytes; an aggregate of a whole federation (InCommon's is ~100 MB) is not what we want. */
export const MAX_METADATA_BYTES = 512 * 1024;

const select = xpath.useNamespaces({
  md: "urn:oasis:names:tc:SAML:2.0:metadata",
  ds: "http://www.w3.org/2000/09/xmldsig#",
});

function invalid(message: string): AppError {
  return new AppError("VALIDATION", message, { metadata: message });
}

function parseXml(xml: string): Document {
  if (Buffer.byteLength(xml, "utf8") > MAX_METADATA_BYTES) {
    throw invalid("This metadata is larger than 512 KB: paste the metadata of your identity provider alone, not a federation's aggregate.");
  }
  // No document type declarations at all: xmldom expands no external entities, but internal
  // ones (billion laughs) and a DTD have no place in SAML metadata.
  if (/<!DOCTYPE/i.test(xml)) throw invalid("This metadata has a DOCTYPE declaration, which SAML metadata never needs.");
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: (m) => errors.push(m), fatalError: (m) => errors.push(m) },
  }).parseFromString(xml, "text/xml");
  if (errors.length > 0 || !doc?.documentElement) throw invalid("This is not well-formed XML: check that the whole metadata was pasted.");
  return doc as unknown as Document;
}

function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, "");
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/**
 * Reads an identity provider's SAML 2.0 metadata (issue 19.1: "IdP metadata URL or XML"): its
 * entityID, its HTTP-Redirect single sign-on URL and its signing certificates. A document with
 * several IdPs (a federation aggregate), no IdP role, no redirect binding or no usable signing
 * certificate is refused with a message an administrator can act on (AppError VALIDATION).
 */
export function parseIdpMetadata(xml: string): SamlIdentityProvider {
  const doc = parseXml(xml.trim());
  const idps = select("//md:EntityDescriptor[md:IDPSSODescriptor]", doc) as Element[];
  if (idps.length === 0) throw invalid("This metadata describes no SAML identity provider (no IDPSSODescriptor).");
  if (idps.length > 1) throw invalid(`This metadata describes ${idps.length} identity providers: use the metadata of yours alone.`);
  const entity = idps[0];
  const entityId = entity.getAttribute("entityID")?.trim() ?? "";
  if (!entityId) throw invalid("The identity provider's metadata has no entityID.");

  const roles = (select("md:IDPSSODescriptor", entity) as Element[]).filter((r) =>
    (r.getAttribute("protocolSupportEnumeration") || "").split(/\s+/).includes(PROTOCOL),
  );
  if (roles.length === 0) throw invalid("The identity provider does not support SAML 2.0 (protocolSupportEnumeration).");
  const role = roles[0];

  const sso = (select("md:SingleSignOnService", role) as Element[]).find((s) => s.getAttribute("Binding") === REDIRECT_BINDING);
  const ssoUrl = sso?.getAttribute("Location")?.trim() ?? "";
  if (!sso) throw invalid("The identity provider offers no single sign-on service with the HTTP-Redirect binding.");
  if (!/^https?:\/\//i.test(ssoUrl) || !URL.canParse(ssoUrl)) throw invalid("The identity provider's single sign-on URL is not an http(s) URL.");

  // A KeyDescriptor without `use` serves both signing and encryption.
  const keys = (select("md:KeyDescriptor", role) as Element[]).filter((k) => (k.getAttribute("use") || "signing") === "signing");
  const certificates: string[] = [];
  for (const key of keys) {
    for (const node of select(".//ds:X509Certificate", key) as Element[]) {
      const pem = toPem(node.textContent ?? "");
      try {
        new X509Certificate(pem);
      } catch {
        throw invalid("One of the identity provider's signing certificates cannot be read.");
      }
      if (!certificates.includes(pem)) certificates.push(pem);
    }
  }
  if (certificates.length === 0) throw invalid("The identity provider's metadata has no signing certificate.");
  return { entityId, ssoUrl, certificates };
}

/** When each certificate stops being valid (shown to the administrator; an expired one is a coming outage). */
export function certificateExpiries(certificates: string[]): Date[] {
  return certificates.map((pem) => new Date(new X509Certificate(pem).validTo));
}
