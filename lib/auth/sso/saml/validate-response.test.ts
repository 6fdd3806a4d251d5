import { inflateRawSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestCertificate, type TestKeyPair } from "@/test/saml-idp/certificate";
import { memoryRequestStore } from "@/test/saml-idp/memory-request-store";
import { signTestResponse, testIdpMetadata, type TestResponse } from "@/test/saml-idp/sign-response";
import { createAuthnRequestUrl } from "./authn-request";
import { parseIdpMetadata, type SamlIdentityProvider } from "./idp-metadata";
import type { SamlServiceProvider } from "./service-provider";
import { SamlResponseRefused, validateSamlResponse } from "./validate-response";

const sp: SamlServiceProvider = {
  entityId: "http://localhost:3000/api/sso/saml/c1/metadata",
  acsUrl: "http://localhost:3000/api/sso/saml/c1/acs",
};
const IDP = "https://idp.lakeside.example/saml";
let keys: TestKeyPair;
let otherKeys: TestKeyPair;
let idp: SamlIdentityProvider;

beforeAll(() => {
  keys = createTestCertificate("Lakeside IdP");
  otherKeys = createTestCertificate("Someone else");
  idp = parseIdpMetadata(testIdpMetadata({ entityId: IDP, ssoUrl: "https://idp.lakeside.example/sso", certificatePem: keys.certificatePem }));
});

/** Issues a real AuthnRequest through the store and returns its ID as the IdP reads it. */
async function issueRequest(store = memoryRequestStore()) {
  const { url: location, requestId } = await createAuthnRequestUrl({ sp, idp, store, now: () => new Date() });
  const url = new URL(location);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest")!, "base64")).toString("utf8");
  const id = /\bID="([^"]+)"/.exec(xml)![1];
  expect(id).toBe(requestId);
  return { store, id, url, xml };
}

function respond(id: string | null, over: Partial<TestResponse> = {}, signWith = keys) {
  const xml = signTestResponse({ idpEntityId: IDP, spEntityId: sp.entityId, acsUrl: sp.acsUrl, inResponseTo: id, email: "Ana.Diaz@Lakeside.edu", ...over }, signWith);
  return Buffer.from(xml).toString("base64");
}

/** "reason: detail" of the refusal `promise` ends in; the detail is node-saml's message where it decided. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SamlResponseRefused);
  const { reason, detail } = err as SamlResponseRefused;
  return `${reason}: ${detail}`;
}

/** The response's own InResponseTo: by default the browser posting it is the one that asked. */
const inResponseToOf = (samlResponse: string) => /InResponseTo="([^"]+)"/.exec(Buffer.from(samlResponse, "base64").toString("utf8"))?.[1] ?? null;

const validate = (
  store: ReturnType<typeof memoryRequestStore>,
  samlResponse: string,
  emailAttribute: string | null = null,
  browserRequestId: string | null = inResponseToOf(samlResponse),
) => validateSamlResponse({ sp, idp, store, emailAttribute, samlResponse, browserRequestId, now: () => new Date() });

describe("createAuthnRequestUrl", () => {
  it("redirects to the IdP's SSO URL with a deflated AuthnRequest from our entity id to our ACS, and remembers its id", async () => {
    const { store, id, url, xml } = await issueRequest();
    expect(`${url.origin}${url.pathname}`).toBe("https://idp.lakeside.example/sso");
    expect(xml).toContain(`AssertionConsumerServiceURL="${sp.acsUrl}"`);
    expect(xml).toContain(`Destination="https://idp.lakeside.example/sso"`);
    expect(xml).toContain(`>${sp.entityId}</saml:Issuer>`);
    expect(url.searchParams.has("RelayState")).toBe(false);
    expect(store.size()).toBe(1);
    expect(await store.findPending(id, new Date())).toBeInstanceOf(Date);
  });
});

describe("validateSamlResponse", () => {
  it("accepts a response whose assertion is signed by the IdP, consumes the request and returns the email lower-cased", async () => {
    const { store, id } = await issueRequest();
    const identity = await validate(store, respond(id));
    expect(identity).toEqual({ requestId: id, email: "ana.diaz@lakeside.edu", subject: "Ana.Diaz@Lakeside.edu", redirectTo: "/" });
    expect(store.size()).toBe(0);
  });

  it("accepts a signature on the Response instead of the Assertion, and on both", async () => {
    for (const sign of ["response", "both"] as const) {
      const { store, id } = await issueRequest();
      expect((await validate(store, respond(id, { sign }))).email).toBe("ana.diaz@lakeside.edu");
    }
  });

  it("refuses a response whose email was changed after signing", async () => {
    const { store, id } = await issueRequest();
    const xml = Buffer.from(respond(id), "base64").toString("utf8").replaceAll("Ana.Diaz@Lakeside.edu", "dean@lakeside.edu");
    expect(await refusal(validate(store, Buffer.from(xml).toString("base64")))).toMatch(/^signature-or-conditions: Invalid signature$/);
  });

  it("refuses a second, unsigned assertion slipped beside the signed one (signature wrapping)", async () => {
    const { store, id } = await issueRequest();
    const xml = Buffer.from(respond(id), "base64").toString("utf8");
    const signed = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
    const forged = signed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "").replaceAll("Ana.Diaz@Lakeside.edu", "dean@lakeside.edu").replace(/ID="_[0-9a-f]+"/, 'ID="_forged"');
    const wrapped = xml.replace("</samlp:Response>", `${forged}</samlp:Response>`);
    expect(await refusal(validate(store, Buffer.from(wrapped).toString("base64")))).toMatch(/^signature-or-conditions: Invalid signature: multiple assertions$/);
  });

  it("refuses an assertion for another audience", async () => {
    const { store, id } = await issueRequest();
    expect(await refusal(validate(store, respond(id, { spEntityId: "http://localhost:3000/api/sso/saml/c2/metadata" })))).toMatch(
      /^signature-or-conditions: SAML assertion audience mismatch/,
    );
  });

  it("refuses an expired assertion, and accepts one that expired within the clock skew", async () => {
    const expired = await issueRequest();
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    expect(await refusal(validate(expired.store, respond(expired.id, { notOnOrAfter: twoMinutesAgo })))).toMatch(
      /^signature-or-conditions: No valid subject confirmation/,
    );
    const skewed = await issueRequest();
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    expect((await validate(skewed.store, respond(skewed.id, { notOnOrAfter: tenSecondsAgo }))).email).toBe("ana.diaz@lakeside.edu");
  });

  it("refuses an assertion not yet valid", async () => {
    const { store, id } = await issueRequest();
    expect(await refusal(validate(store, respond(id, { notBefore: new Date(Date.now() + 5 * 60_000) })))).toMatch(/^signature-or-conditions: SAML assertion not yet valid$/);
  });

  it("refuses an unsigned response", async () => {
    const { store, id } = await issueRequest();
    expect(await refusal(validate(store, respond(id, { sign: "none" })))).toMatch(/^signature-or-conditions: Invalid signature$/);
  });

  it("refuses a response signed by another key, even one that carries its own certificate", async () => {
    const { store, id } = await issueRequest();
    expect(await refusal(validate(store, respond(id, {}, otherKeys)))).toMatch(/^signature-or-conditions: Invalid signature$/);
  });

  it("refuses the same response twice: the request it answers is used once", async () => {
    const { store, id } = await issueRequest();
    const response = respond(id);
    await validate(store, response);
    expect(await refusal(validate(store, response))).toMatch(/^unknown-request: /);
  });

  it("lets exactly one of two concurrent deliveries of one response through", async () => {
    const { store, id } = await issueRequest();
    const response = respond(id);
    const results = await Promise.allSettled([validate(store, response), validate(store, response)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SamlResponseRefused);
  });

  it("refuses an IdP-initiated response (no InResponseTo) and one answering a request we never issued", async () => {
    const { store } = await issueRequest();
    expect(await refusal(validate(store, respond(null), null, "_the-browsers"))).toMatch(/^other-browser: /);
    expect(await refusal(validate(store, respond("_never-issued")))).toMatch(/^unknown-request: /);
    expect(store.size()).toBe(1);
  });

  it("refuses a valid response posted from a browser that did not ask for it (login CSRF), leaving the request pending", async () => {
    const { store, id } = await issueRequest();
    const response = respond(id);
    expect(await refusal(validate(store, response, null, null))).toMatch(/^other-browser: /);
    const mine = await issueRequest(store);
    expect(await refusal(validate(store, response, null, mine.id))).toMatch(/^other-browser: /);
    expect(store.size()).toBe(2);
    expect((await validate(store, response)).requestId).toBe(id);
  });

  it("refuses a request older than its lifetime", async () => {
    const { store, id } = await issueRequest();
    const later = () => new Date(Date.now() + 11 * 60_000);
    const response = respond(id);
    expect(await refusal(validateSamlResponse({ sp, idp, store, emailAttribute: null, samlResponse: response, browserRequestId: id, now: later }))).toMatch(/^unknown-request: /);
  });

  it("refuses an assertion from another issuer signed with the IdP's key", async () => {
    const { store, id } = await issueRequest();
    const northfield = "https://idp.northfield.example/saml";
    expect(await refusal(validate(store, respond(id, { idpEntityId: northfield })))).toBe("issuer: Response Issuer is not the IdP");
    const second = await issueRequest();
    expect(await refusal(validate(second.store, respond(second.id, { assertionIssuer: northfield })))).toBe("issuer: Assertion Issuer is not the IdP");
  });

  it("refuses a response meant for another ACS (Destination) or another recipient", async () => {
    const a = await issueRequest();
    expect(await refusal(validate(a.store, respond(a.id, { destination: "https://evil.example/acs" })))).toMatch(/^destination: /);
    const b = await issueRequest();
    expect(await refusal(validate(b.store, respond(b.id, { recipient: "https://evil.example/acs" })))).toMatch(/^recipient: /);
  });

  it("refuses an assertion without an email address, and reads a configured attribute", async () => {
    const persistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    const a = await issueRequest();
    expect(await refusal(validate(a.store, respond(a.id, { nameIdFormat: persistent, nameId: "a1b2c3", attributes: { uid: "ana" } })))).toMatch(/^no-email: /);
    const b = await issueRequest();
    const identity = await validate(b.store, respond(b.id, { nameIdFormat: persistent, nameId: "a1b2c3", attributes: { campusEmail: "ana@lakeside.edu" } }), "campusEmail");
    expect(identity).toEqual({ requestId: b.id, email: "ana@lakeside.edu", subject: "a1b2c3", redirectTo: "/" });
  });

  it("refuses what is not a SAML response", async () => {
    const { store } = await issueRequest();
    expect(await refusal(validate(store, Buffer.from("<html/>").toString("base64")))).toMatch(/^malformed: /);
    expect(await refusal(validate(store, "not base64!"))).toMatch(/^malformed: /);
    const doctype = '<!DOCTYPE r [<!ENTITY a "b">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>';
    expect(await refusal(validate(store, Buffer.from(doctype).toString("base64")))).toMatch(/^malformed: /);
  });
});
