import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import { createTestCertificate, type TestKeyPair } from "./certificate";
import { escapeXml, signTestResponse, testIdpMetadata } from "./sign-response";

export type TestSamlIdp = {
  entityId: string;
  baseUrl: string;
  metadataUrl: string;
  metadataXml: string;
  keys: TestKeyPair;
  stop(): Promise<void>;
};

type AuthnRequest = { id: string; acsUrl: string; spEntityId: string };

/** Reads an HTTP-Redirect AuthnRequest (base64 of raw DEFLATE). */
function readAuthnRequest(samlRequest: string): AuthnRequest {
  const xml = inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8");
  const root = new DOMParser().parseFromString(xml, "text/xml").documentElement as unknown as Element;
  const issuer = Array.from(root.childNodes as unknown as ArrayLike<Element>).find((n) => n.localName === "Issuer");
  const request = { id: root.getAttribute("ID") ?? "", acsUrl: root.getAttribute("AssertionConsumerServiceURL") ?? "", spEntityId: issuer?.textContent ?? "" };
  if (root.localName !== "AuthnRequest" || !request.id || !request.acsUrl || !request.spEntityId) throw new Error("not an AuthnRequest");
  return request;
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
    `<body style="font-family:system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem">${body}</body></html>`);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

/**
 * A real SAML 2.0 identity provider for tests and the demo (issue 19.5): it publishes metadata
 * with a certificate made at start, takes AuthnRequests by HTTP-Redirect at /sso, asks for an
 * email (no password: whoever reaches it is whoever they say), and posts a Response signed with
 * its key to the AuthnRequest's ACS URL, answering its ID — as Shibboleth or Okta would.
 */
export async function startTestSamlIdp(options: { port: number; host?: string; entityId?: string }): Promise<TestSamlIdp> {
  const host = options.host ?? "localhost";
  const baseUrl = `http://${host}:${options.port}`;
  const entityId = options.entityId ?? `${baseUrl}/metadata`;
  const keys = createTestCertificate("Test SAML IdP");
  const metadataXml = testIdpMetadata({ entityId, ssoUrl: `${baseUrl}/sso`, certificatePem: keys.certificatePem });

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", baseUrl);
      if (req.method === "GET" && url.pathname === "/metadata") {
        res.writeHead(200, { "Content-Type": "application/samlmetadata+xml" });
        res.end(metadataXml);
      } else if (req.method === "GET" && url.pathname === "/sso") {
        const samlRequest = url.searchParams.get("SAMLRequest") ?? "";
        const request = readAuthnRequest(samlRequest);
        page(res, 200, "Test identity provider", `<h1>Test identity provider</h1><p>Signing in to ${escapeXml(request.spEntityId)}</p>` +
          `<form method="post" action="/sso"><input type="hidden" name="SAMLRequest" value="${escapeXml(samlRequest)}">` +
          `<input type="hidden" name="RelayState" value="${escapeXml(url.searchParams.get("RelayState") ?? "")}">` +
          `<label>Email <input type="email" name="email" required autocomplete="username"></label> <button>Sign in</button></form>`);
      } else if (req.method === "POST" && url.pathname === "/sso") {
        const form = await readForm(req);
        const request = readAuthnRequest(form.get("SAMLRequest") ?? "");
        const xml = signTestResponse(
          { idpEntityId: entityId, spEntityId: request.spEntityId, acsUrl: request.acsUrl, inResponseTo: request.id, email: form.get("email") ?? "" },
          keys,
        );
        const relayState = form.get("RelayState");
        page(res, 200, "Signing in…", `<form method="post" action="${escapeXml(request.acsUrl)}">` +
          `<input type="hidden" name="SAMLResponse" value="${Buffer.from(xml).toString("base64")}">` +
          (relayState ? `<input type="hidden" name="RelayState" value="${escapeXml(relayState)}">` : "") +
          `<p>Signed in at the test identity provider.</p><button>Continue</button></form><script>document.forms[0].submit()</script>`);
      } else {
        page(res, 404, "Not found", "<p>Not found</p>");
      }
    } catch {
      page(res, 400, "Bad request", "<p>This is not a SAML request this identity provider understands.</p>");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host === "localhost" ? "127.0.0.1" : host, () => resolve());
  });
  return {
    entityId,
    baseUrl,
    metadataUrl: `${baseUrl}/metadata`,
    metadataXml,
    keys,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
