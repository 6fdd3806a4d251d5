import { generateKeyPairSync, randomBytes, type JsonWebKey } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import Provider, { type ClientMetadata, type JWK } from "oidc-provider";

/*
 * A real OpenID provider for tests and the demo (issue 19.5–19.6): panva's oidc-provider (the
 * certified implementation) on plain HTTP on this machine, with a login page that lists its
 * test people — click one to sign in as them; no password, so it must never face the internet.
 * Authorization code + PKCE only; the email claims are in the ID token (as Google, Okta and
 * Entra put them); consent is implied (the grant is loaded for every client).
 */

export type TestAccount = { sub: string; email: string; emailVerified: boolean; givenName: string; familyName: string };
export type TestClient = { clientId: string; clientSecret: string; redirectUris: string[] };

export type TestIdentityProvider = {
  issuer: string;
  /** The private signing key (RS256), for tests that forge a validly signed token. */
  signingKey: JsonWebKey & { kid: string };
  close: () => Promise<void>;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, accounts: readonly TestAccount[], title: string) {
  const buttons = accounts
    .map(
      (a) => `<button name="account" value="${escapeHtml(a.sub)}">${escapeHtml(`${a.givenName} ${a.familyName}`)}<small>${escapeHtml(a.email)}</small></button>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,sans-serif;background:#f1f5f9;margin:0;display:flex;justify-content:center;padding:48px 16px}
main{background:#fff;border:1px solid #cbd5e1;border-radius:8px;padding:24px;max-width:380px;width:100%}
h1{font-size:1.25rem;margin:0 0 4px}p{color:#475569;font-size:.875rem;margin:0 0 16px}
button{display:block;width:100%;text-align:left;padding:10px 12px;margin:0 0 8px;border:1px solid #94a3b8;border-radius:6px;background:#fff;font-size:1rem;cursor:pointer}
button:hover,button:focus{background:#e2e8f0}small{display:block;color:#475569;font-size:.8rem}
</style></head><body><main><h1>${escapeHtml(title)}</h1><p>A test identity provider: choose who signs in. No password — never use it for real accounts.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">${buttons}</form></main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Starts the provider on `port` (localhost only) with an issuer of `http://localhost:<port>`. */
export async function startTestIdentityProvider(opts: {
  port: number;
  clients: readonly TestClient[];
  accounts: readonly TestAccount[];
  title?: string;
}): Promise<TestIdentityProvider> {
  const issuer = `http://localhost:${opts.port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), alg: "RS256", use: "sig" };
  const accounts = new Map(opts.accounts.map((a) => [a.sub, a]));
  const clients: ClientMetadata[] = opts.clients.map((c) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: c.redirectUris,
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }));
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [signingKey as JWK] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["given_name", "family_name", "name"] },
    conformIdTokenClaims: false,
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: a.email,
          email_verified: a.emailVerified,
          given_name: a.givenName,
          family_name: a.familyName,
          name: `${a.givenName} ${a.familyName}`,
        }),
      };
    },
    // Consent is implied: every signed-in person grants the client what it asks.
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? "/", issuer).pathname);
    if (!match) return void handle(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (!match[2]) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
          res.end(loginPage(details.uid, opts.accounts, opts.title ?? "Test identity provider"));
          return;
        }
        const account = (await readForm(req)).get("account") ?? "";
        if (req.method !== "POST" || !accounts.has(account)) {
          res.writeHead(400, { "content-type": "text/plain" }).end("Choose one of the listed people.");
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: account } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.writeHead(400, { "content-type": "text/plain" }).end(`Sign-in could not continue: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // "localhost" as the issuer says: resolved as Node's own clients resolve it (::1 or 127.0.0.1).
    server.listen(opts.port, "localhost", () => resolve());
  });
  return {
    issuer,
    signingKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
