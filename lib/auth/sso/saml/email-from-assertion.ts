import { z } from "zod";

export const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
export const NAMEID_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";

/**
 * Attributes that carry an email address at the IdPs colleges use, in order: LDAP/eduPerson
 * `mail` by its OID (Shibboleth/InCommon) and by name, Entra ID's and ADFS's claim URI, and
 * the `email` most others send.
 */
export const EMAIL_ATTRIBUTES = [
  "urn:oid:0.9.2342.19200300.100.1.3",
  "mail",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  "email",
] as const;

export type AssertedSubject = {
  nameId: string;
  nameIdFormat: string | null;
  /** The assertion's attributes by Name, each value a string or a list of them. */
  attributes: Record<string, unknown>;
};

const email = z.string().trim().toLowerCase().pipe(z.email());

function firstString(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : null;
}

function asEmail(value: string | null): string | null {
  if (value === null) return null;
  const parsed = email.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * The email address an assertion vouches for, lower-cased, or null (issue 19.3 matches users by
 * it). With `emailAttribute` (set by the administrator for an IdP that names it differently):
 * that attribute only. Otherwise the NameID when its format is emailAddress, else the first of
 * EMAIL_ATTRIBUTES present. A NameID of another format is never read as an email, even if it
 * looks like one: an `unspecified` or `persistent` identifier is the IdP's, not a mailbox.
 */
export function emailFromAssertion(subject: AssertedSubject, emailAttribute: string | null): string | null {
  if (emailAttribute) return asEmail(firstString(subject.attributes[emailAttribute]));
  if (subject.nameIdFormat === NAMEID_EMAIL) return asEmail(subject.nameId);
  for (const name of EMAIL_ATTRIBUTES) {
    if (name in subject.attributes) return asEmail(firstString(subject.attributes[name]));
  }
  return null;
}

/**
 * The stable identifier of the person at this IdP (sso_identities.subject): the NameID, except
 * a transient one, which changes at every sign-in — then the asserted email stands for them.
 */
export function subjectOf(subject: AssertedSubject, emailAddress: string): string {
  return subject.nameIdFormat === NAMEID_TRANSIENT ? `email:${emailAddress}` : subject.nameId;
}
