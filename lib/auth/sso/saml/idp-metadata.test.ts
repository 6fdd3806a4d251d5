import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { certificateBody, createTestCertificate, type TestKeyPair } from "@/test/saml-idp/certificate";
import { testIdpMetadata } from "@/test/saml-idp/sign-response";
import { certificateExpiries, parseIdpMetadata } from "./idp-metadata";

let keys: TestKeyPair;
let metadata: string;
beforeAll(() => {
  keys = createTestCertificate("Metadata test");
  metadata = testIdpMetadata({ entityId: "https://idp.example.edu/idp/shibboleth", ssoUrl: "https://idp.example.edu/sso", certificatePem: keys.certificatePem });
});

function refusal(xml: string): string {
  try {
    parseIdpMetadata(xml);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("VALIDATION");
    return (err as AppError).message;
  }
  throw new Error("accepted");
}

describe("parseIdpMetadata", () => {
  it("reads the entity id, the HTTP-Redirect SSO URL and the signing certificate", () => {
    const idp = parseIdpMetadata(metadata);
    expect(idp.entityId).toBe("https://idp.example.edu/idp/shibboleth");
    expect(idp.ssoUrl).toBe("https://idp.example.edu/sso");
    expect(idp.certificates).toHaveLength(1);
    expect(certificateBody(idp.certificates[0])).toBe(certificateBody(keys.certificatePem));
    const [expiry] = certificateExpiries(idp.certificates);
    expect(expiry.getTime()).toBeGreaterThan(Date.now());
  });

  it("takes every signing certificate (a rollover) and a KeyDescriptor without use, but not an encryption key", () => {
    const second = createTestCertificate("Next year");
    const third = createTestCertificate("Encryption");
    const key = (pem: string, use: string) =>
      `<md:KeyDescriptor${use}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
    const xml = metadata.replace("<md:NameIDFormat>", `${key(second.certificatePem, "")}${key(third.certificatePem, ' use="encryption"')}<md:NameIDFormat>`);
    expect(parseIdpMetadata(xml).certificates.map(certificateBody)).toEqual([certificateBody(keys.certificatePem), certificateBody(second.certificatePem)]);
  });

  it("refuses what an administrator could paste by mistake, saying what is wrong", () => {
    expect(refusal("<html><body>Sign in</body></html>")).toMatch(/no SAML identity provider/);
    expect(refusal("not xml <")).toMatch(/well-formed XML|no SAML identity provider/);
    expect(refusal(`<!DOCTYPE x [<!ENTITY a "a">]>${metadata.replace('<?xml version="1.0"?>', "")}`)).toMatch(/DOCTYPE/);
    expect(refusal(metadata.replace("HTTP-Redirect", "HTTP-POST"))).toMatch(/HTTP-Redirect/);
    expect(refusal(metadata.replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, ""))).toMatch(/no signing certificate/);
    expect(refusal(metadata.replace(/<ds:X509Certificate>[^<]+/, "<ds:X509Certificate>bm90IGEgY2VydA=="))).toMatch(/cannot be read/);
    expect(refusal(metadata.replace(' entityID="https://idp.example.edu/idp/shibboleth"', ""))).toMatch(/no entityID/);
    expect(refusal(metadata.replace('Location="https://idp.example.edu/sso"', 'Location="javascript:alert(1)"'))).toMatch(/not an http\(s\) URL/);
    const body = metadata.replace('<?xml version="1.0"?>', "");
    expect(refusal(`<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${body}${body.replace("idp.example.edu/idp", "other.example.edu/idp")}</md:EntitiesDescriptor>`)).toMatch(
      /2 identity providers/,
    );
    expect(refusal(`${metadata}<!--${"x".repeat(600 * 1024)}-->`)).toMatch(/larger than 512 KB/);
  });
});
