import { inflateRawSync } from "node:zlib";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import { ensureSignInSettingsRow, updateSignInSettingsRow } from "@/db/queries/sign-in-settings";
import { samlAuthnRequests, settingsAudit, ssoConnections, ssoIdentities } from "@/db/schema";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { signTestResponse } from "@/test/saml-idp/sign-response";
import { startTestSamlIdp, type TestSamlIdp } from "@/test/saml-idp/server";
import { redeemSignInGrantForUser } from "../sign-in-grant";
import { samlEndpoints } from "./saml-endpoints";
import { completeSamlSignIn, samlServiceProviderMetadata, startSamlSignIn } from "./saml-sign-in";
import { removeSamlConnection, saveSamlConnection } from "./save-saml-connection";

const baseUrl = "http://localhost:3000";
const ctx = () => ({ db: getDb(), now: new Date() });
let idpA: TestSamlIdp;
let idpB: TestSamlIdp;

beforeAll(async () => {
  const port = Number(process.env.TEST_SAML_IDP_PORT ?? 3311) + 1;
  [idpA, idpB] = await Promise.all([startTestSamlIdp({ port }), startTestSamlIdp({ port: port + 1 })]);
});
afterAll(async () => {
  await Promise.all([idpA.stop(), idpB.stop()]);
});

async function adminOf(inst: FactoryInstitution): Promise<Actor> {
  const user = await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff", roles: ["ADMIN"] }));
  return (await loadActor(getDb(), user.id))!;
}

async function institutionWithSaml(idp: TestSamlIdp, how: "url" | "xml" = "xml") {
  const inst = await createInstitution(getDb());
  const admin = await adminOf(inst);
  const metadata = how === "url" ? { metadataUrl: idp.metadataUrl } : { metadataXml: idp.metadataXml };
  await saveSamlConnection({ ctx: { ...ctx(), actor: admin }, input: { displayName: "Campus SSO", enabled: true, ...metadata }, baseUrl });
  return { inst, admin };
}

/** Starts sign-in at `inst` and returns the AuthnRequest as the IdP would read it. */
async function start(inst: FactoryInstitution, callbackUrl: unknown = "/messages") {
  const [connection] = await getDb().select({ id: ssoConnections.id }).from(ssoConnections).where(eq(ssoConnections.institutionId, inst.id));
  const started = await startSamlSignIn({ ctx: ctx(), input: { connectionId: connection?.id ?? "00000000-0000-4000-8000-000000000000", callbackUrl, baseUrl } });
  const url = new URL(started.url);
  const xml = inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest")!, "base64")).toString("utf8");
  return { url, id: /\bID="([^"]+)"/.exec(xml)![1], acsUrl: /AssertionConsumerServiceURL="([^"]+)"/.exec(xml)![1], spEntityId: />([^<]+)<\/saml:Issuer>/.exec(xml)![1] };
}

/** What `idp` answers to that request for `email`, base64 as posted. */
function answer(idp: TestSamlIdp, request: { id: string; acsUrl: string; spEntityId: string }, email: string) {
  const xml = signTestResponse({ idpEntityId: idp.entityId, spEntityId: request.spEntityId, acsUrl: request.acsUrl, inResponseTo: request.id, email }, idp.keys);
  return Buffer.from(xml).toString("base64");
}

/** The response's own InResponseTo: by default the browser posting it is the one that was sent to the IdP. */
const inResponseToOf = (samlResponse: string) => /InResponseTo="([^"]+)"/.exec(Buffer.from(samlResponse, "base64").toString("utf8"))?.[1] ?? null;

const complete = (inst: FactoryInstitution, samlResponse: string, browserRequestId = inResponseToOf(samlResponse)) =>
  completeSamlSignIn({ ctx: ctx(), input: { institutionId: inst.id, samlResponse, browserRequestId, baseUrl } });

const pendingRequests = async (institutionId: string) =>
  (await getDb().select({ n: sql<number>`count(*)::int` }).from(samlAuthnRequests).where(eq(samlAuthnRequests.institutionId, institutionId)))[0].n;

describe("SAML sign-in through an institution's connection", () => {
  it("signs a known user in: request saved, response accepted once, identity recorded, a grant that redeems to the user", async () => {
    const { inst } = await institutionWithSaml(idpA, "url");
    const user = await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff" }));
    const request = await start(inst);
    expect(`${request.url.origin}${request.url.pathname}`).toBe(`${idpA.baseUrl}/sso`);
    expect(request.acsUrl).toBe(samlEndpoints(baseUrl, inst.id).acsUrl);
    expect(request.spEntityId).toBe(samlEndpoints(baseUrl, inst.id).entityId);
    expect(await pendingRequests(inst.id)).toBe(1);

    const response = answer(idpA, request, user.email.toUpperCase());
    const result = await complete(inst, response);
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.redirectTo).toBe("/messages");
    expect(await pendingRequests(inst.id)).toBe(0);
    const signedIn = await redeemSignInGrantForUser({ ctx: ctx(), input: { grant: result.grant } });
    expect(signedIn?.userId).toBe(user.id);
    const identities = await getDb().select().from(ssoIdentities).where(eq(ssoIdentities.userId, user.id));
    expect(identities.map((i) => [i.subject, i.institutionId])).toEqual([[user.email.toUpperCase(), inst.id]]);

    expect(await complete(inst, response)).toEqual({ ok: false, reason: "samlResponse" });
  });

  it("lets exactly one of two concurrent deliveries of one response through (the request row is deleted once)", async () => {
    const { inst } = await institutionWithSaml(idpA);
    const user = await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff" }));
    const response = answer(idpA, await start(inst), user.email);
    const results = await Promise.all([complete(inst, response), complete(inst, response), complete(inst, response)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: "samlResponse" },
      { ok: false, reason: "samlResponse" },
    ]);
  });

  it("logs why a response was refused and which connection, never the response, the assertion or the email", async () => {
    const { inst } = await institutionWithSaml(idpA);
    const user = await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff" }));
    const request = await start(inst);
    const tampered = Buffer.from(Buffer.from(answer(idpA, request, user.email), "base64").toString("utf8").replaceAll(user.email, "dean@example.test")).toString("base64");
    const lines: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0),
    );
    process.env.LOG_LEVEL = "debug";
    resetEnvCache();
    try {
      expect(await complete(inst, tampered)).toEqual({ ok: false, reason: "samlResponse" });
    } finally {
      spies.forEach((s) => s.mockRestore());
      process.env.LOG_LEVEL = "error";
      resetEnvCache();
    }
    const logged = lines.join("");
    expect(logged).toContain('"msg":"saml response refused"');
    expect(logged).toContain('"reason":"signature-or-conditions"');
    for (const secret of [tampered.slice(0, 40), "dean@example.test", user.email, "X509Certificate", "SignatureValue"]) expect(logged).not.toContain(secret);
  });

  it("refuses a valid response posted from a browser that was not sent to the IdP with it (login CSRF)", async () => {
    const { inst } = await institutionWithSaml(idpA);
    const attacker = await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff" }));
    const attackersResponse = answer(idpA, await start(inst), attacker.email);
    const victimsRequest = await start(inst);
    expect(await complete(inst, attackersResponse, null)).toEqual({ ok: false, reason: "samlResponse" });
    expect(await complete(inst, attackersResponse, victimsRequest.id)).toEqual({ ok: false, reason: "samlResponse" });
    expect(await pendingRequests(inst.id)).toBe(2);
  });

  it("keeps only a same-site path to go to afterwards", async () => {
    const { inst } = await institutionWithSaml(idpA);
    const user = await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff" }));
    const request = await start(inst, "https://evil.example/phish");
    const result = await complete(inst, answer(idpA, request, user.email));
    expect(result.ok && result.redirectTo).toBe("/");
  });

  it("never signs an assertion for institution X into Y, even when both use the same IdP", async () => {
    const x = await institutionWithSaml(idpA);
    const y = await institutionWithSaml(idpA);
    const yUser = await createUser(getDb(), await createPerson(getDb(), y.inst, { kind: "staff" }));
    const xRequest = await start(x.inst);
    await start(y.inst);
    // X's IdP answer (audience X, answering X's request) posted to Y's ACS: refused, and X's request is untouched.
    expect(await complete(y.inst, answer(idpA, xRequest, yUser.email))).toEqual({ ok: false, reason: "samlResponse" });
    expect([await pendingRequests(x.inst.id), await pendingRequests(y.inst.id)]).toEqual([1, 1]);
    // Y's user asserted by the IdP for X: matched within X only.
    expect(await complete(x.inst, answer(idpA, xRequest, yUser.email))).toEqual({ ok: false, reason: "otherInstitution" });
  });

  it("refuses an answer from another IdP's key, and an unknown email when just-in-time users are off", async () => {
    const { inst } = await institutionWithSaml(idpA);
    const user = await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff" }));
    const request = await start(inst);
    const forged = signTestResponse(
      { idpEntityId: idpA.entityId, spEntityId: request.spEntityId, acsUrl: request.acsUrl, inResponseTo: request.id, email: user.email },
      idpB.keys,
    );
    expect(await complete(inst, Buffer.from(forged).toString("base64"))).toEqual({ ok: false, reason: "samlResponse" });
    const next = await start(inst);
    expect(await complete(inst, answer(idpA, next, "stranger@lakeside.test"))).toEqual({ ok: false, reason: "noUser" });
  });

  it("has no sign-in for an institution without an enabled connection", async () => {
    const inst = await createInstitution(getDb());
    await expect(start(inst)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await complete(inst, "PHNhbWxwOlJlc3BvbnNlLz4=")).toEqual({ ok: false, reason: "connection" });
    const { inst: disabled, admin } = await institutionWithSaml(idpA);
    await saveSamlConnection({ ctx: { ...ctx(), actor: admin }, input: { displayName: "Campus SSO", enabled: false }, baseUrl });
    await expect(start(disabled)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await complete(disabled, "x")).toEqual({ ok: false, reason: "connection" });
    expect(await complete({ ...inst, id: "not-a-uuid" }, "x")).toEqual({ ok: false, reason: "connection" });
  });
});

describe("saveSamlConnection", () => {
  it("reads the IdP from its metadata, keeps it, and keeps it again when saved without metadata", async () => {
    const { inst, admin } = await institutionWithSaml(idpA);
    await saveSamlConnection({ ctx: { ...ctx(), actor: admin }, input: { displayName: "Lakeside SSO", enabled: true, emailAttribute: "mail" }, baseUrl });
    const [row] = await getDb().select().from(ssoConnections).where(eq(ssoConnections.institutionId, inst.id));
    expect(row).toMatchObject({
      protocol: "saml",
      displayName: "Lakeside SSO",
      samlIdpEntityId: idpA.entityId,
      samlIdpSsoUrl: `${idpA.baseUrl}/sso`,
      samlIdpMetadataXml: idpA.metadataXml,
      samlSpEntityId: samlEndpoints(baseUrl, inst.id).entityId,
      samlEmailAttribute: "mail",
    });
    expect(row.samlIdpCertificates).toHaveLength(1);
    expect(await samlServiceProviderMetadata(getDb(), { institutionId: inst.id, baseUrl })).toContain(
      `Location="${samlEndpoints(baseUrl, inst.id).acsUrl}"`,
    );
    await removeSamlConnection({ ctx: { ...ctx(), actor: admin } });
    expect(await getDb().select().from(ssoConnections).where(eq(ssoConnections.institutionId, inst.id))).toEqual([]);
    await expect(removeSamlConnection({ ctx: { ...ctx(), actor: admin } })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const audit = await getDb()
      .select({ field: settingsAudit.field, oldValue: settingsAudit.oldValue, newValue: settingsAudit.newValue })
      .from(settingsAudit)
      .where(and(eq(settingsAudit.institutionId, inst.id), eq(settingsAudit.scope, "SIGN_IN")))
      .orderBy(settingsAudit.changedAt, settingsAudit.field);
    expect(audit).toEqual([
      { field: "saml.certificates", oldValue: null, newValue: "1 changed" },
      { field: "saml.displayName", oldValue: null, newValue: "Campus SSO" },
      { field: "saml.enabled", oldValue: null, newValue: true },
      { field: "saml.idpEntityId", oldValue: null, newValue: idpA.entityId },
      { field: "saml.idpSsoUrl", oldValue: null, newValue: `${idpA.baseUrl}/sso` },
      { field: "saml.displayName", oldValue: "Campus SSO", newValue: "Lakeside SSO" },
      { field: "saml.emailAttribute", oldValue: null, newValue: "mail" },
      { field: "saml", oldValue: "configured", newValue: null },
    ]);
  });

  it("keeps the connection enabled and in place while it is the only way in of an institution without passwords", async () => {
    const { inst, admin } = await institutionWithSaml(idpA);
    await ensureSignInSettingsRow(getDb(), inst.id);
    await updateSignInSettingsRow(getDb(), inst.id, { passwordSignInAllowed: false, jitProvisioning: false, jitDefaultRoleId: null }, new Date());
    const disable = saveSamlConnection({ ctx: { ...ctx(), actor: admin }, input: { displayName: "Campus SSO", enabled: false }, baseUrl });
    await expect(disable).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^The connection stays enabled: set up and enable a single sign-on connection first/) });
    await expect(removeSamlConnection({ ctx: { ...ctx(), actor: admin } })).rejects.toMatchObject({ code: "CONFLICT" });
    const [row] = await getDb().select().from(ssoConnections).where(eq(ssoConnections.institutionId, inst.id));
    expect(row.enabled).toBe(true);
  });

  it("refuses bad metadata, a non-https URL and a non-administrator, changing nothing", async () => {
    const inst = await createInstitution(getDb());
    const admin = await adminOf(inst);
    const advisor = (await loadActor(getDb(), (await createUser(getDb(), await createPerson(getDb(), inst, { kind: "staff" }))).id))!;
    const save = (actor: Actor, input: Record<string, unknown>) =>
      saveSamlConnection({ ctx: { ...ctx(), actor }, input: { displayName: "SSO", enabled: true, ...input }, baseUrl }).then(
        () => null,
        (err: AppError) => [err.code, Object.keys(err.fieldErrors ?? {})],
      );
    expect(await save(admin, {})).toEqual(["VALIDATION", ["metadataUrl"]]);
    expect(await save(admin, { metadataXml: "<html/>" })).toEqual(["VALIDATION", ["metadataXml"]]);
    expect(await save(admin, { metadataUrl: "http://idp.example.edu/metadata" })).toEqual(["VALIDATION", ["metadataUrl"]]);
    expect(await save(admin, { metadataUrl: `${idpA.baseUrl}/nothing-here` })).toEqual(["VALIDATION", ["metadataUrl"]]);
    expect(await save(admin, { metadataUrl: idpA.metadataUrl, metadataXml: idpA.metadataXml })).toEqual(["VALIDATION", ["metadataXml"]]);
    expect(await save(advisor, { metadataXml: idpA.metadataXml })).toEqual(["FORBIDDEN", []]);
    expect(await getDb().select().from(ssoConnections).where(eq(ssoConnections.institutionId, inst.id))).toEqual([]);
  });

  it("serves SP metadata for an existing institution only", async () => {
    expect(await samlServiceProviderMetadata(getDb(), { institutionId: "00000000-0000-4000-8000-000000000000", baseUrl })).toBeNull();
    expect(await samlServiceProviderMetadata(getDb(), { institutionId: "../etc", baseUrl })).toBeNull();
  });
});
