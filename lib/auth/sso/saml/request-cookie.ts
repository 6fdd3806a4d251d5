/**
 * The cookie that ties a SAML response to the browser that asked for it: /start sets it to the
 * AuthnRequest's id, the ACS accepts only a response answering that id (validate-response.ts),
 * then clears it. Without it, anyone could sign a victim's browser into the attacker's account by
 * posting the attacker's own valid response from a page of theirs (login CSRF) — what Auth.js's
 * state cookie prevents for OIDC.
 *
 * The IdP posts to the ACS from its own site, a cross-site POST: only a SameSite=None cookie is
 * sent with it, and browsers take SameSite=None only when Secure — so over https it is
 * None + Secure; over http (this machine, the demo and the tests, where the IdP is on localhost
 * too and the POST is same-site) it is Lax. HttpOnly, only for the SAML routes, 10 minutes
 * (REQUEST_LIFETIME_MS). One sign-in at a time per browser: a second /start replaces it.
 */
export const SAML_REQUEST_COOKIE = "aviso-saml-request";

export function samlRequestCookieOptions(baseUrl: string) {
  const https = baseUrl.startsWith("https:");
  return { httpOnly: true, secure: https, sameSite: https ? ("none" as const) : ("lax" as const), path: "/api/sso/saml", maxAge: 600 };
}
