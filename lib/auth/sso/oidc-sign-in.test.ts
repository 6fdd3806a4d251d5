import { createPrivateKey, sign } from "node:crypto";
import NextAuth, { customFetch } from "next-auth";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryUser } from "@/db/factories";
import { findSsoConnection, upsertOidcConnection } from "@/db/queries/sso-connections";
import { authConfigWith } from "@/lib/auth/auth-config";
import { resetEnvCache } from "@/lib/env";
import { setLogSink } from "@/lib/log";
import { handlers } from "@/lib/auth";
import { startTestIdentityProvider, type TestIdentityProvider } from "@/scripts/oidc-test-idp";
import { oidcProvider, oidcProviderId, oidcRedirectUri } from "./oidc-providers";
import { oidcSecretContext, sealSecret } from "./secret-box";

/*
 * Sign-in through a real OpenID provider (oidc-provider, in this process) and Auth.js's real
 * handlers, as a browser would go: our sign-in endpoint → the provider's login → our callback.
 * Then the same with the provider's token answer forged — re-signed with the provider's own key,
 * so only the claim is wrong — for the audience, the nonce and the issuer: each refused.
 */

const APP = "http://localhost:3000";
const IDP_PORT = Number(process.env.TEST_IDP_PORT ?? 3302);
const CLIENT = { clientId: "aviso-test", clientSecret: "idp-client-secret-0123456789" };

let idp: TestIdentityProvider;
let connectionId: string;
let user: FactoryUser;
let institutionId: string;
let sealed: string;
const lines: string[] = [];

type Handler = (req: NextRequest) => Promise<Response>;

/** A browser's cookies, per origin. */
class Browser {
  private jars = new Map<string, Map<string, string>>();
  private jar(url: string) {
    const origin = new URL(url).origin;
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin)!;
  }
  cookieHeader(url: string) {
    return [...this.jar(url)].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  keep(url: string, res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.jar(url).set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
  }
  has(url: string, name: string) {
    return this.jar(url).has(name) && this.jar(url).get(name) !== "";
  }
  /** A request to the app (through `handler`) or to the provider (over HTTP); redirects not followed. */
  async go(url: string, handler: Handler, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const headers = { cookie: this.cookieHeader(url), ...(init.body ? { "content-type": "application/x-www-form-urlencoded" } : {}) };
    const res = url.startsWith(APP)
      ? await handler(new NextRequest(url, { method: init.method ?? "GET", headers, body: init.body }))
      : await fetch(url, { method: init.method ?? "GET", headers, body: init.body, redirect: "manual" });
    this.keep(url, res);
    return res;
  }
}

const location = (res: Response) => {
  const to = res.headers.get("location");
  if (!to) throw new Error(`no redirect (status ${res.status})`);
  return to;
};

/**
 * The whole round trip for the provider's account `sub`: returns where the app finally sent the
 * browser and whether it now holds a session cookie.
 */
async function signInThrough(sub: string, handler: Handler = handlers.POST as Handler) {
  const browser = new Browser();
  const csrf = await browser.go(`${APP}/api/auth/csrf`, handler);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await browser.go(`${APP}/api/auth/signin/${oidcProviderId(connectionId)}`, handler, {
    method: "POST",
    body: new URLSearchParams({ csrfToken, callbackUrl: `${APP}/messages` }),
  });
  let url = location(start);
  expect(url.startsWith(`${idp.issuer}/auth?`)).toBe(true);
  const authorize = new URL(url).searchParams;
  expect([authorize.get("code_challenge_method"), Boolean(authorize.get("nonce")), Boolean(authorize.get("state"))]).toEqual(["S256", true, true]);
  // The provider: its login page, the person chosen, back to the app with a code.
  for (let hops = 0; !url.startsWith(APP) && hops < 8; hops++) {
    const res = /\/interaction\/[\w-]+$/.test(new URL(url).pathname)
      ? await browser.go(`${url}/login`, handler, { method: "POST", body: new URLSearchParams({ account: sub }) })
      : await browser.go(url, handler);
    url = new URL(location(res), url).toString();
  }
  const done = await browser.go(url, handler);
  return { to: location(done), session: browser.has(APP, "authjs.session-token") };
}

/** Auth.js with the connection's provider whose token answers pass through `forge` first. */
async function forgingHandler(forge: (claims: Record<string, unknown>) => Record<string, unknown>): Promise<Handler> {
  const connection = (await findSsoConnection(getDb(), { institutionId, protocol: "oidc" }))!;
  const provider = oidcProvider(connection, { db: getDb(), now: () => new Date() });
  const key = createPrivateKey({ key: idp.signingKey, format: "jwk" });
  const fetchForging: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input instanceof Request ? input.url : input).endsWith("/token")) return res;
    const body = (await res.json()) as { id_token: string };
    const [header, payload] = body.id_token.split(".");
    const claims = forge(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    const signingInput = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    const signature = sign("sha256", Buffer.from(signingInput), key).toString("base64url");
    return Response.json({ ...body, id_token: `${signingInput}.${signature}` }, { status: res.status, headers: res.headers });
  };
  const { handlers: forged } = NextAuth(authConfigWith([{ ...provider, [customFetch]: fetchForging }]));
  return forged.POST as Handler;
}

beforeAll(async () => {
  process.env.AUTH_TRUST_HOST = "true";
  process.env.LOG_LEVEL = "debug";
  process.env.PUBLIC_BASE_URL = APP;
  resetEnvCache();
  setLogSink((_level, line) => lines.push(line));
  const db = getDb();
  const inst = await createInstitution(db);
  institutionId = inst.id;
  user = await createUser(db, await createPerson(db, inst, { kind: "staff" }));
  const id = crypto.randomUUID();
  connectionId = await upsertOidcConnection(
    db,
    inst.id,
    {
      newId: id,
      displayName: "Test SSO",
      enabled: true,
      oidcIssuer: `http://localhost:${IDP_PORT}`,
      oidcClientId: CLIENT.clientId,
      oidcTrustEmail: false,
      secret: { encrypted: (sealed = sealSecret(CLIENT.clientSecret, oidcSecretContext(inst.id))), last4: "6789" },
    },
    new Date(),
  );
  idp = await startTestIdentityProvider({
    port: IDP_PORT,
    clients: [{ ...CLIENT, redirectUris: [oidcRedirectUri(connectionId)] }],
    accounts: [
      { sub: "staff-1", email: user.email.toUpperCase(), emailVerified: true, givenName: "Staff", familyName: "Member" },
      { sub: "unverified", email: user.email, emailVerified: false, givenName: "Not", familyName: "Verified" },
    ],
  });
});

afterAll(async () => {
  setLogSink(null);
  await idp?.close();
});

describe("OpenID Connect sign-in through a real provider", () => {
  it("signs the user in by their verified email (any case) with a session, and goes where they wanted", async () => {
    expect(await signInThrough("staff-1")).toEqual({ to: `${APP}/messages`, session: true });
  });

  it("refuses an email the provider did not verify, saying why", async () => {
    expect(await signInThrough("unverified")).toEqual({ to: `${APP}/sign-in?error=SsoRefused&code=unverifiedEmail`, session: false });
  });

  it("accepts the provider's token re-signed unchanged (the forging harness itself is sound)", async () => {
    expect(await signInThrough("staff-1", await forgingHandler((c) => c))).toEqual({ to: `${APP}/messages`, session: true });
  });

  it.each([
    ["audience", (c: Record<string, unknown>) => ({ ...c, aud: "another-client" })],
    ["nonce", (c: Record<string, unknown>) => ({ ...c, nonce: "replayed-nonce" })],
    ["issuer", (c: Record<string, unknown>) => ({ ...c, iss: "http://localhost:1/evil" })],
  ])("refuses an ID token with the wrong %s, validly signed", async (what, forge) => {
    const from = lines.length;
    const result = await signInThrough("staff-1", await forgingHandler(forge));
    expect(result).toEqual({ to: `${APP}/sign-in?error=Configuration`, session: false });
    const refusal = lines.slice(from).map((l) => JSON.parse(l) as { msg: string; err?: { code?: string; message?: string } });
    expect(refusal.filter((l) => l.msg === "auth error").map((l) => [l.err?.code, l.err?.message?.includes(what === "audience" ? '"aud"' : `"${what === "nonce" ? "nonce" : "iss"}"`)])).toEqual([
      ["OAUTH_JWT_CLAIM_COMPARISON_FAILED", true],
    ]);
  });

  it("wrote neither the client secret nor its sealed form to the log", () => {
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(line).not.toContain(CLIENT.clientSecret);
      expect(line).not.toContain(sealed.split(".")[3]);
    }
  });
});
