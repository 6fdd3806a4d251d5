import { NextResponse } from "next/server";
import { auth } from "@/lib/auth";

/**
 * Paths that answer signed-out visitors: the sign-in page, Auth.js itself, and the endpoints
 * that authenticate on their own (API keys, Twilio signatures, local development tools).
 */
const PUBLIC_PREFIXES = ["/sign-in", "/api/auth", "/api/v1", "/api/twilio", "/api/dev"];

function isPublic(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/**
 * An optimistic check only (a valid session cookie): pages, actions and routes still load
 * the actor and check capabilities themselves. Signed-out visitors go to /sign-in with the
 * page they wanted as a same-site `callbackUrl`; other API calls get a 401. Server action
 * calls pass: every action requires its actor itself (lib/action.ts) and answers a signed-out
 * caller with Next's action redirect to /sign-in, which the page follows — a 307 here would
 * be re-posted to /sign-in and leave the page on "This page couldn't load".
 */
export const proxy = auth((req) => {
  const { pathname, search } = req.nextUrl;
  if (req.auth || isPublic(pathname) || req.headers.has("next-action")) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 });
  }
  const signIn = new URL("/sign-in", req.nextUrl);
  if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
});

export const config = {
  // Twilio's webhooks and the simulated Twilio/Resend APIs authenticate every request themselves
  // (signatures, Basic auth) and never carry a session: they skip the proxy, which would cost
  // each webhook a session check and a buffered body copy.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|robots\\.txt|api/twilio/|api/dev/twilio/|api/dev/resend/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)"],
};
