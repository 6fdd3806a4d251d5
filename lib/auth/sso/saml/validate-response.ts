import { DOMParser } from "@xmldom/xmldom";
import { type Profile, SamlStatusError } from "@node-saml/node-saml";
import { AppError } from "@/lib/errors";
import { emailFromAssertion, subjectOf, type AssertedSubject } from "./email-from-assertion";
import type { SamlIdentityProvider } from "./idp-metadata";
import type { SamlRequestStore } from "./request-store";
import { samlClient, type SamlServiceProvider } from "./service-provider";

/** Why a response was refused: logged (never the response itself), not shown. */
export type SamlRefusalReason =
  | "malformed"
  | "destination"
  | "issuer"
  | "signature-or-conditions"
  | "idp-status"
  | "other-browser"
  | "unknown-request"
  | "replayed"
  | "recipient"
  | "no-email";

/** A SAML response we refuse. The person sees one message; the reason and detail go to the log. */
export class SamlResponseRefused extends AppError {
  constructor(
    readonly reason: SamlRefusalReason,
    readonly detail: string,
  ) {
    super("UNAUTHENTICATED", "Your identity provider's answer could not be accepted. Try signing in again.");
    this.name = "SamlResponseRefused";
  }
}

export type VerifiedSamlIdentity = {
  /** The AuthnRequest this answered (consumed: it will not be accepted again). */
  requestId: string;
  /** Lower-cased, as asserted by the IdP. */
  email: string;
  /** Stable identifier at this IdP (sso_identities.subject). */
  subject: string;
  /** Where the person was going, as kept with the request. */
  redirectTo: string;
};

/** A base64 SAMLResponse of a few kilobytes is usual; anything near this is not one. */
export const MAX_SAML_RESPONSE_CHARS = 256 * 1024;

function rootOf(xml: string): Element {
  if (/<!DOCTYPE/i.test(xml)) throw new SamlResponseRefused("malformed", "DOCTYPE in response");
  let failed = false;
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: () => (failed = true), fatalError: () => (failed = true) },
  }).parseFromString(xml, "text/xml");
  const root = doc?.documentElement as unknown as Element | null;
  if (failed || !root || root.localName !== "Response" || root.namespaceURI !== "urn:oasis:names:tc:SAML:2.0:protocol") {
    throw new SamlResponseRefused("malformed", "not a samlp:Response");
  }
  return root;
}

function childIssuer(root: Element): string | null {
  for (let n = root.firstChild; n; n = n.nextSibling) {
    const el = n as Element;
    if (el.nodeType === 1 && el.localName === "Issuer") return el.textContent?.trim() ?? "";
  }
  return null;
}

type XmlJs = { $?: Record<string, string> } & Record<string, unknown>;

/** The Recipient of every SubjectConfirmationData of the signed assertion node-saml returned. */
function recipients(profile: Profile): (string | undefined)[] {
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlJs } | undefined)?.Assertion;
  const subjects = (assertion?.Subject as XmlJs[] | undefined) ?? [];
  const confirmations = subjects.flatMap((s) => (s.SubjectConfirmation as XmlJs[] | undefined) ?? []);
  const data = confirmations.flatMap((c) => (c.SubjectConfirmationData as XmlJs[] | undefined) ?? []);
  return data.map((d) => d.$?.Recipient);
}

/**
 * Validates a SAML response posted to our ACS (issue 19.1/19.5) and consumes the request it
 * answers. Accepted only when all hold, else SamlResponseRefused:
 * - answering the request this browser was sent to the IdP with (`browserRequestId`: a response
 *   obtained elsewhere and posted from another browser is login CSRF);
 * - well-formed, no DOCTYPE, a samlp:Response whose Destination (if given) is our ACS URL and
 *   whose Issuer (if given) is the IdP's entity id;
 * - signed (Response or Assertion) by one of the IdP's metadata certificates, the assertion's
 *   Conditions valid now (± CLOCK_SKEW_MS), Audience = our SP entity id, InResponseTo a pending
 *   request of ours (service-provider.ts);
 * - the signed assertion's Issuer = the IdP's entity id, every SubjectConfirmationData's
 *   Recipient our ACS URL (and at least one);
 * - the request consumed by this call — a replay of the same response, even concurrent, loses
 *   (an IdP-initiated response, with no InResponseTo, is refused);
 * - an email address in it (email-from-assertion.ts).
 */
export async function validateSamlResponse(input: {
  sp: SamlServiceProvider;
  idp: SamlIdentityProvider;
  store: SamlRequestStore;
  /** The connection's configured email attribute, or null for the NameID / usual attributes. */
  emailAttribute: string | null;
  /** The form field SAMLResponse as posted (base64). */
  samlResponse: string;
  /** The request id the posting browser was given when it was sent to the IdP (a cookie), or null. */
  browserRequestId: string | null;
  now: () => Date;
}): Promise<VerifiedSamlIdentity> {
  const { sp, idp, store, samlResponse } = input;
  if (samlResponse.length === 0 || samlResponse.length > MAX_SAML_RESPONSE_CHARS || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) {
    throw new SamlResponseRefused("malformed", "SAMLResponse is not base64 of a plausible size");
  }
  const root = rootOf(Buffer.from(samlResponse, "base64").toString("utf8"));
  const destination = root.getAttribute("Destination");
  if (destination && destination !== sp.acsUrl) throw new SamlResponseRefused("destination", `Destination is not our ACS`);
  const responseIssuer = childIssuer(root);
  if (responseIssuer !== null && responseIssuer !== idp.entityId) throw new SamlResponseRefused("issuer", "Response Issuer is not the IdP");
  const requestId = root.getAttribute("InResponseTo") ?? "";
  // Login CSRF: someone else's valid response, posted from this browser, must not sign it in.
  if (!input.browserRequestId || requestId !== input.browserRequestId) {
    throw new SamlResponseRefused("other-browser", "InResponseTo is not the request this browser was sent with");
  }
  // Named apart from node-saml's own check for the log: IdP-initiated (none), replayed, expired or forged.
  if (!requestId || !(await store.findPending(requestId, input.now()))) {
    throw new SamlResponseRefused("unknown-request", "InResponseTo names no pending request of ours");
  }

  const { saml, consumedHere } = samlClient(sp, idp, store, input.now);
  let profile: Profile | null;
  try {
    ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (err) {
    if (err instanceof SamlStatusError) throw new SamlResponseRefused("idp-status", err.message);
    throw new SamlResponseRefused("signature-or-conditions", err instanceof Error ? err.message : String(err));
  }
  if (!profile) throw new SamlResponseRefused("malformed", "no assertion");
  // node-saml removes the request on most paths, not all: whoever has not consumed it here must now.
  const consumed = consumedHere.get(requestId) ?? (await store.consume(requestId));
  if (!consumed) throw new SamlResponseRefused("replayed", "the request was already answered");
  if (profile.issuer !== idp.entityId) throw new SamlResponseRefused("issuer", "Assertion Issuer is not the IdP");
  const recipientList = recipients(profile);
  if (recipientList.length === 0 || recipientList.some((r) => r !== sp.acsUrl)) {
    throw new SamlResponseRefused("recipient", "SubjectConfirmationData Recipient is not our ACS");
  }

  const subject: AssertedSubject = {
    nameId: profile.nameID,
    nameIdFormat: profile.nameIDFormat ?? null,
    attributes: (profile.attributes as Record<string, unknown> | undefined) ?? {},
  };
  const email = emailFromAssertion(subject, input.emailAttribute);
  if (!email) throw new SamlResponseRefused("no-email", "no email address in the assertion");
  return { requestId, email, subject: subjectOf(subject, email), redirectTo: consumed.redirectTo };
}
