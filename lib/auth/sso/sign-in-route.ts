import "server-only";
import type { DbOrTx } from "@/db";
import { findSignInCredential } from "@/db/queries/credentials";
import { findInstitutionOfEmailDomain, isPasswordSignInAllowed } from "@/db/queries/sign-in-settings";
import { listEnabledSsoConnections } from "@/db/queries/sso-connections";
import type { SsoProtocol } from "@/db/schema";

export type SsoChoice = { connectionId: string; protocol: SsoProtocol; displayName: string };

/** How an email signs in: its institution's SSO connections (one or more), or a password. */
export type SignInRoute = { method: "sso"; connections: SsoChoice[]; passwordAllowed: boolean } | { method: "password" };

/**
 * The sign-in page's first step (issue 19.2). The email's domain, when an institution routes it
 * (sign_in_email_domains), names the institution; otherwise the user with that email does. An
 * institution with an enabled SSO connection signs in through it; everyone else types a
 * password. Knowing the institution from the user means a known email of an SSO institution is
 * sent to its provider while an unknown one is asked for a password — the same as a domain
 * that routes; a visitor learns which provider an address would use, nothing more.
 */
export async function routeSignIn({ ctx, input }: { ctx: { db: DbOrTx }; input: { email: string } }): Promise<SignInRoute> {
  const email = input.email.trim().toLowerCase();
  const domain = email.includes("@") ? email.slice(email.lastIndexOf("@") + 1) : "";
  const credential = await findSignInCredential(ctx.db, email);
  const institutionId = (domain && (await findInstitutionOfEmailDomain(ctx.db, domain))) || credential?.institutionId;
  if (!institutionId) return { method: "password" };
  const connections = await listEnabledSsoConnections(ctx.db, institutionId);
  if (connections.length === 0) return { method: "password" };
  return {
    method: "sso",
    connections: connections.map((c) => ({ connectionId: c.id, protocol: c.protocol, displayName: c.displayName })),
    // The user's own answer where they are of this institution (the platform operator keeps a password).
    passwordAllowed: credential?.institutionId === institutionId ? credential.passwordSignInAllowed : await isPasswordSignInAllowed(ctx.db, institutionId),
  };
}

/**
 * Where a SAML sign-in starts: app/api/sso/saml/start/[connectionId] saves a fresh AuthnRequest
 * with the page the person wanted and redirects to the IdP (lib/auth/sso/saml/saml-sign-in.ts).
 */
export function samlStartPath(connectionId: string, callbackUrl: string): string {
  return `/api/sso/saml/start/${connectionId}?${new URLSearchParams({ callbackUrl })}`;
}
