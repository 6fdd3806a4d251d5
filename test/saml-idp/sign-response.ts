import { randomBytes } from "node:crypto";
import { SignedXml } from "xml-crypto";
import { certificateBody, type TestKeyPair } from "./certificate";

/** What one test response asserts; every field can be set wrong on purpose. */
export type TestResponse = {
  idpEntityId: string;
  /** The assertion's own Issuer, when it should differ from the Response's. */
  assertionIssuer?: string;
  /** Audience. */
  spEntityId: string;
  acsUrl: string;
  inResponseTo: string | null;
  email: string;
  nameIdFormat?: string;
  /** Defaults to `email`. */
  nameId?: string;
  attributes?: Record<string, string>;
  /** Which element carries the signature. */
  sign?: "assertion" | "response" | "both" | "none";
  /** Conditions NotBefore / NotOnOrAfter and SubjectConfirmationData NotOnOrAfter. */
  notBefore?: Date;
  notOnOrAfter?: Date;
  destination?: string | null;
  recipient?: string;
  now?: Date;
};

const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";

export function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const newId = () => `_${randomBytes(16).toString("hex")}`;

function sign(xml: string, element: "Assertion" | "Response", keys: TestKeyPair): string {
  const signer = new SignedXml({
    privateKey: keys.privateKeyPem,
    publicCert: keys.certificatePem,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  const self = `//*[local-name(.)='${element}']`;
  signer.addReference({
    xpath: self,
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
  });
  // The schema puts ds:Signature right after the element's own Issuer.
  signer.computeSignature(xml, { location: { reference: `${self}/*[local-name(.)='Issuer']`, action: "after" } });
  return signer.getSignedXml();
}

/**
 * A SAML 2.0 Response as an IdP sends it, signed for real with `keys` (xml-crypto, RSA-SHA256,
 * exclusive canonicalization), returned as the XML text. Base64 it for the POST binding.
 */
export function signTestResponse(response: TestResponse, keys: TestKeyPair): string {
  const now = response.now ?? new Date();
  const notBefore = (response.notBefore ?? new Date(now.getTime() - 30_000)).toISOString();
  const notOnOrAfter = (response.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
  const inResponseTo = response.inResponseTo === null ? "" : ` InResponseTo="${escapeXml(response.inResponseTo)}"`;
  const destination = response.destination === null ? "" : ` Destination="${escapeXml(response.destination ?? response.acsUrl)}"`;
  const attributes = Object.entries(response.attributes ?? { mail: response.email })
    .map(([name, value]) => `<saml:Attribute Name="${escapeXml(name)}"><saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue></saml:Attribute>`)
    .join("");
  const assertion =
    `<saml:Assertion xmlns:saml="${SAML}" ID="${newId()}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${escapeXml(response.assertionIssuer ?? response.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${escapeXml(response.nameIdFormat ?? "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")}">${escapeXml(response.nameId ?? response.email)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${notOnOrAfter}" Recipient="${escapeXml(response.recipient ?? response.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escapeXml(response.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  const mode = response.sign ?? "assertion";
  const signedAssertion = mode === "assertion" || mode === "both" ? sign(assertion, "Assertion", keys) : assertion;
  const xml =
    `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${newId()}" Version="2.0" IssueInstant="${now.toISOString()}"${destination}${inResponseTo}>` +
    `<saml:Issuer>${escapeXml(response.idpEntityId)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    signedAssertion +
    `</samlp:Response>`;
  return mode === "response" || mode === "both" ? sign(xml, "Response", keys) : xml;
}

/** The IdP's SAML 2.0 metadata: entity id, HTTP-Redirect SSO URL, signing certificate. */
export function testIdpMetadata(input: { entityId: string; ssoUrl: string; certificatePem: string }): string {
  return (
    `<?xml version="1.0"?>` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXml(input.entityId)}">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="${SAMLP}" WantAuthnRequestsSigned="false">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(input.certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(input.ssoUrl)}"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}
