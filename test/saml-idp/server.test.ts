import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthnRequestUrl } from "@/lib/auth/sso/saml/authn-request";
import { parseIdpMetadata } from "@/lib/auth/sso/saml/idp-metadata";
import { validateSamlResponse } from "@/lib/auth/sso/saml/validate-response";
import { memoryRequestStore } from "./memory-request-store";
import { startTestSamlIdp, type TestSamlIdp } from "./server";

const port = Number(process.env.TEST_SAML_IDP_PORT ?? 3311);
let idpServer: TestSamlIdp;
beforeAll(async () => {
  idpServer = await startTestSamlIdp({ port });
});
afterAll(async () => {
  await idpServer.stop();
});

describe("the test SAML IdP", () => {
  it("serves its metadata, takes a redirected AuthnRequest and posts back a signed response our SP accepts", async () => {
    const idp = parseIdpMetadata(await (await fetch(idpServer.metadataUrl)).text());
    expect(idp.entityId).toBe(idpServer.entityId);
    const sp = { entityId: "http://localhost:3000/api/sso/saml/c1/metadata", acsUrl: "http://localhost:3000/api/sso/saml/c1/acs" };
    const store = memoryRequestStore();
    const { url: loginUrl, requestId } = await createAuthnRequestUrl({ sp, idp, store, now: () => new Date() });
    const form = await fetch(loginUrl);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="email"');
    const samlRequest = new URL(loginUrl).searchParams.get("SAMLRequest")!;
    const posted = await fetch(`${idpServer.baseUrl}/sso`, { method: "POST", body: new URLSearchParams({ SAMLRequest: samlRequest, email: "Ana@Lakeside.edu" }) });
    const html = await posted.text();
    expect(html).toContain(`action="${sp.acsUrl}"`);
    const samlResponse = /name="SAMLResponse" value="([^"]+)"/.exec(html)![1];
    const identity = await validateSamlResponse({ sp, idp, store, emailAttribute: null, samlResponse, browserRequestId: requestId, now: () => new Date() });
    expect(identity.email).toBe("ana@lakeside.edu");
    expect((await fetch(`${idpServer.baseUrl}/sso?SAMLRequest=garbage`)).status).toBe(400);
  });
});
