import "server-only";
import type { User } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import type { DbOrTx } from "@/db";
import { findEnabledSsoConnectionById } from "@/db/queries/sso-connections";
import type { SsoConnection } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { signInWithExternalIdentity } from "./external-sign-in";
import { oidcSecretContext, openSecret } from "./secret-box";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** The Auth.js provider id of an OIDC connection. */
export const oidcProviderId = (connectionId: string) => `oidc-${connectionId}`;

/**
 * The connection an Auth.js request is about: `/api/auth/signin/oidc-<id>` or
 * `/api/auth/callback/oidc-<id>`. Null for every other request (pages, the session endpoint),
 * which therefore never read sso_connections.
 */
export function oidcConnectionIdOfPath(pathname: string): string | null {
  const match = new RegExp(`/api/auth/(?:signin|callback)/oidc-(${UUID})$`, "i").exec(pathname);
  return match ? match[1].toLowerCase() : null;
}

type OidcClaims = Record<string, unknown> & { sub?: string; email?: string; email_verified?: unknown; given_name?: string; family_name?: string };

/**
 * An institution's OIDC connection as an Auth.js provider (issue 19.4). Auth.js discovers the
 * issuer's metadata and checks what OpenID Connect asks: the ID token's signature, issuer,
 * audience (our client id), expiry and nonce, the state, and PKCE (S256) — all three checks
 * on. Its `profile` then lets the person in through `signInWithExternalIdentity`: an email
 * counts as verified only when the token says `email_verified: true`, or the connection is set
 * to trust the provider's email (Entra ID sends no such claim). A refusal becomes
 * `{ ssoRefusal }`, which the signIn callback (auth-config.ts) turns into a redirect that says why.
 */
export function oidcProvider(connection: SsoConnection, ctx: { db: DbOrTx; now: () => Date }): OIDCConfig<OidcClaims> {
  if (connection.protocol !== "oidc" || !connection.oidcIssuer || !connection.oidcClientId || !connection.oidcClientSecretEncrypted) {
    throw new Error(`SSO connection ${connection.id} is not a complete OIDC connection.`);
  }
  return {
    id: oidcProviderId(connection.id),
    name: connection.displayName,
    type: "oidc",
    issuer: connection.oidcIssuer,
    clientId: connection.oidcClientId,
    clientSecret: openSecret(connection.oidcClientSecretEncrypted, oidcSecretContext(connection.institutionId)),
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: "openid email profile" } },
    async profile(claims): Promise<User> {
      const result = await signInWithExternalIdentity({
        ctx: { db: ctx.db, now: ctx.now() },
        input: {
          connectionId: connection.id,
          subject: typeof claims.sub === "string" ? claims.sub : "",
          email: typeof claims.email === "string" ? claims.email : "",
          emailVerified: claims.email_verified === true || connection.oidcTrustEmail,
          firstName: typeof claims.given_name === "string" ? claims.given_name : undefined,
          lastName: typeof claims.family_name === "string" ? claims.family_name : undefined,
        },
      });
      if (!result.ok) return { ssoRefusal: result.reason };
      const { user } = result;
      return {
        id: user.userId,
        userId: user.userId,
        name: user.displayName,
        email: user.email,
        personId: user.personId,
        institutionId: user.institutionId,
        sessionVersion: user.sessionVersion,
      };
    },
  };
}

/** The provider for the connection an Auth.js request names (see oidcConnectionIdOfPath), if enabled. */
export async function oidcProvidersForPath(pathname: string | undefined, ctx: { db: DbOrTx; now: () => Date }): Promise<OIDCConfig<OidcClaims>[]> {
  const connectionId = pathname ? oidcConnectionIdOfPath(pathname) : null;
  if (!connectionId) return [];
  const connection = await findEnabledSsoConnectionById(ctx.db, connectionId);
  return connection?.protocol === "oidc" ? [oidcProvider(connection, ctx)] : [];
}

/** The redirect URI to register at the provider: Auth.js's callback for the connection. */
export function oidcRedirectUri(connectionId: string): string {
  return `${getEnv().PUBLIC_BASE_URL.replace(/\/$/, "")}/api/auth/callback/${oidcProviderId(connectionId)}`;
}
