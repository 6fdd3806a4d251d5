import NextAuth from "next-auth";
import { getDb } from "@/db";
import { findEnabledSsoConnectionById } from "@/db/queries/sso-connections";
import { authConfig, authConfigFor, authConfigWith } from "@/lib/auth/auth-config";
import { oidcProvider, oidcProviderId } from "@/lib/auth/sso/oidc-providers";
import { AppError } from "@/lib/errors";

// Lazy initialization: the configuration is built per request, so an institution's OIDC
// connection is a provider from the moment it is saved (auth-config.ts authConfigFor).
export const { handlers, auth, signIn, signOut } = NextAuth(authConfigFor);

/**
 * The proxy's session check (proxy.ts). It only reads the session cookie, for which the
 * providers do not matter, so it uses the static configuration: a lazily configured
 * `auth(handler)` returns a Promise of the handler, which Next refuses as a proxy.
 */
export const { auth: authForProxy } = NextAuth(authConfig);

/**
 * Starts sign-in at an institution's OIDC provider (from a server action): sets Auth.js's state,
 * PKCE and nonce cookies and redirects the browser to the provider (Next's redirect, thrown).
 * The server-side `signIn` builds its configuration without a request, so it is given the
 * connection's provider here.
 */
export async function signInWithOidcConnection(connectionId: string, redirectTo: string): Promise<never> {
  const connection = await findEnabledSsoConnectionById(getDb(), connectionId);
  if (connection?.protocol !== "oidc") throw new AppError("NOT_FOUND", "This single sign-on connection is not available.");
  const provider = oidcProvider(connection, { db: getDb(), now: () => new Date() });
  await NextAuth(authConfigWith([provider])).signIn(oidcProviderId(connectionId), { redirectTo });
  throw new Error("Auth.js did not redirect to the identity provider.");
}
