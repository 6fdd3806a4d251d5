import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DbOrTx } from "@/db";
import { ensureDemoOidcConnection } from "@/lib/auth/sso/demo-connection";
import { oidcRedirectUri } from "@/lib/auth/sso/oidc-providers";
import { startTestIdentityProvider, type TestIdentityProvider } from "./oidc-test-idp";

/**
 * The demo's built-in identity provider for Lakeside (issue 19.6): "Sign in with Lakeside SSO"
 * on a fresh `npm start`. A real OpenID provider (scripts/oidc-test-idp.ts) on DEMO_IDP_PORT
 * (default 3002) knowing Lakeside's two seeded staff, and Lakeside's OIDC connection to it
 * (lakeside.edu routed to it). Its client secret is generated once per install into
 * .data/demo-idp-secret, like the other demo secrets. DEMO_IDP=off leaves it out.
 */
export async function startDemoIdentityProvider(db: DbOrTx): Promise<TestIdentityProvider | null> {
  if (process.env.DEMO_IDP === "off") return null;
  const port = Number(process.env.DEMO_IDP_PORT ?? 3002);
  const issuer = `http://localhost:${port}`;
  const file = path.resolve(".data/demo-idp-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(24).toString("base64url"), { mode: 0o600 });
  }
  const client = { clientId: "aviso-demo", clientSecret: readFileSync(file, "utf8").trim() };
  const connectionId = await ensureDemoOidcConnection(db, {
    institutionSlug: "lakeside",
    displayName: "Lakeside SSO",
    issuer,
    ...client,
    domain: "lakeside.edu",
    now: new Date(),
  });
  if (!connectionId) {
    console.log("[start] Lakeside has its own OpenID provider configured: the demo identity provider is not started.");
    return null;
  }
  const idp = await startTestIdentityProvider({
    port,
    title: "Lakeside test identity provider",
    clients: [{ ...client, redirectUris: [oidcRedirectUri(connectionId)] }],
    accounts: [
      { sub: "lakeside-lee", email: "admin@lakeside.edu", emailVerified: true, givenName: "Lee", familyName: "Lakeside" },
      { sub: "lakeside-lane", email: "advisor@lakeside.edu", emailVerified: true, givenName: "Lane", familyName: "Advisor" },
    ],
  });
  console.log(`[start] Lakeside's test identity provider on ${issuer}: sign in as admin@lakeside.edu and choose "Lee Lakeside" there.`);
  return idp;
}
