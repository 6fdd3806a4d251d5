import { describe, expect, it } from "vitest";
import { NAMEID_EMAIL, NAMEID_TRANSIENT, emailFromAssertion, subjectOf, type AssertedSubject } from "./email-from-assertion";

const PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
const UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
const ENTRA_EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

const subject = (nameIdFormat: string | null, nameId: string, attributes: Record<string, unknown> = {}): AssertedSubject => ({ nameId, nameIdFormat, attributes });

describe("emailFromAssertion", () => {
  it.each([
    ["an emailAddress NameID, lower-cased", subject(NAMEID_EMAIL, " Ana@Lakeside.EDU "), null, "ana@lakeside.edu"],
    ["eduPerson mail by OID (Shibboleth)", subject(PERSISTENT, "x1", { "urn:oid:0.9.2342.19200300.100.1.3": "ana@lakeside.edu" }), null, "ana@lakeside.edu"],
    ["mail before email", subject(PERSISTENT, "x1", { email: "b@lakeside.edu", mail: "a@lakeside.edu" }), null, "a@lakeside.edu"],
    ["Entra ID's claim URI", subject(PERSISTENT, "x1", { [ENTRA_EMAIL]: "ana@lakeside.edu" }), null, "ana@lakeside.edu"],
    ["the first of several values", subject(PERSISTENT, "x1", { mail: ["ana@lakeside.edu", "ana.diaz@lakeside.edu"] }), null, "ana@lakeside.edu"],
    ["an email-looking NameID of another format: not an email", subject(UNSPECIFIED, "ana@lakeside.edu"), null, null],
    ["a malformed mail attribute", subject(PERSISTENT, "x1", { mail: "ana at lakeside" }), null, null],
    ["a configured attribute only, even with a NameID email", subject(NAMEID_EMAIL, "ana@lakeside.edu", { upn: "ana@ad.lakeside.edu" }), "upn", "ana@ad.lakeside.edu"],
    ["a configured attribute that is missing", subject(NAMEID_EMAIL, "ana@lakeside.edu"), "upn", null],
    ["a non-string value", subject(PERSISTENT, "x1", { mail: { nested: "ana@lakeside.edu" } }), null, null],
  ])("%s", (_name, asserted, attribute, expected) => {
    expect(emailFromAssertion(asserted, attribute)).toBe(expected);
  });
});

describe("subjectOf", () => {
  it("is the NameID, except a transient one, which stands for nobody at the next sign-in", () => {
    expect(subjectOf(subject(PERSISTENT, "x1"), "ana@lakeside.edu")).toBe("x1");
    expect(subjectOf(subject(NAMEID_TRANSIENT, "_tmp9"), "ana@lakeside.edu")).toBe("email:ana@lakeside.edu");
  });
});
