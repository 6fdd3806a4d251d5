import { NextResponse } from "next/server";
import { authForProxy } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { baseSecurityHeaders, createNonce, pageContentSecurityPolicy } from "@/lib/http/security-headers";

/**
 * Paths that answer signed-out visitors: the sign-in page, Auth.js itself, SAML single sign-on
 * (SP metadata, the redirect to the IdP, the ACS the IdP posts to), and the endpoints that
 * authenticate on their own (API keys, Twilio signatures, SCIM bearer tokens, local development
 * tools).
 */
const PUBLIC_PREFIXES = ["/sign-in", "/api/auth", "/api/sso", "/api/v1", "/api/twilio", "/api/dev", "/healthz", "/scim"];

function isPublic(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** Adds the security headers (lib/http/security-headers.ts) to an answer of the proxy's. */
function secured(res: NextResponse, csp: string, headers: Record<string, string>): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

/**
 * An optimistic check only (a valid session cookie): pages, actions and routes still load
 * the actor and check capabilities themselves. Signed-out visitors go to /sign-in with the
 * page they wanted as a same-site `callbackUrl`; other API calls get a 401. Server action
 * calls pass: every action requires its actor itself (lib/action.ts) and answers a signed-out
 * caller with Next's action redirect to /sign-in, which the page follows — a 307 here would
 * be re-posted to /sign-in and leave the page on "This page couldn't load".
 *
 * Every answer also carries the security headers (issue 13): a Content-Security-Policy with a
 * nonce fresh for this request — passed on in the request's own CSP header, where Next reads it
 * and puts it on the scripts it renders (the root layout renders dynamically for that) — plus
 * nosniff, Referrer-Policy, X-Frame-Options and, when PUBLIC_BASE_URL is https, HSTS.
 */
export const proxy = authForProxy((req) => {
  const env = getEnv();
  const options = { https: env.PUBLIC_BASE_URL.startsWith("https:"), development: env.NODE_ENV === "development" };
  const csp = pageContentSecurityPolicy(createNonce(), options);
  const headers = baseSecurityHeaders(options);
  const { pathname, search } = req.nextUrl;
  if (req.auth || isPublic(pathname) || req.headers.has("next-action")) {
    const requestHeaders = new Headers(req.headers);
    requestHeaders.set("Content-Security-Policy", csp);
    return secured(NextResponse.next({ request: { headers: requestHeaders } }), csp, headers);
  }
  if (pathname.startsWith("/api/")) {
    return secured(NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 }), csp, headers);
  }
  const signIn = new URL("/sign-in", req.nextUrl);
  if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return secured(NextResponse.redirect(signIn), csp, headers);
});

export const config = {
  // Twilio's webhooks, the simulated Twilio/Resend APIs and the REST API authenticate every
  // request themselves (signatures, Basic auth, API keys) and never need a session; the import
  // uploads check the session themselves (app/api/imports/session-route.ts). They skip the
  // proxy, which would cost each a session check and a copy of its body — up to 100 MB for an
  // upload (next.config.ts proxyClientMaxBodySize). Their security headers come from
  // next.config.ts `headers()`, static (they are never documents).
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|robots\\.txt|api/twilio/|api/dev/twilio/|api/dev/resend/|api/v1/|api/imports(?:/|$)|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)"],
};
