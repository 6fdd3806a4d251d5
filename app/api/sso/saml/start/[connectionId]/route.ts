import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { SAML_REQUEST_COOKIE, samlRequestCookieOptions } from "@/lib/auth/sso/saml/request-cookie";
import { startSamlSignIn } from "@/lib/auth/sso/saml/saml-sign-in";

type Params = { params: Promise<{ connectionId: string }> };

/**
 * GET /api/sso/saml/start/:connectionId?callbackUrl=/path — where the sign-in page's email step
 * sends a person whose institution signs in through SAML (lib/auth/sso/sign-in-route.ts
 * samlStartPath): a fresh AuthnRequest, its id in this browser's request cookie, then a redirect
 * to the IdP (HTTP-Redirect binding). No
 * enabled SAML connection by that id: back to the sign-in page, which says so.
 */
export async function GET(req: Request, { params }: Params) {
  const { connectionId } = await params;
  const env = getEnv();
  const callbackUrl = new URL(req.url).searchParams.get("callbackUrl");
  try {
    const started = await startSamlSignIn({ ctx: { db: getDb(), now: new Date() }, input: { connectionId, callbackUrl, baseUrl: env.PUBLIC_BASE_URL } });
    const res = NextResponse.redirect(started.url, 303);
    res.cookies.set(SAML_REQUEST_COOKIE, started.requestId, samlRequestCookieOptions(env.PUBLIC_BASE_URL));
    return res;
  } catch (err) {
    if (!isAppError(err)) throw err;
    return NextResponse.redirect(new URL("/sign-in?error=SsoRefused&code=connection", env.PUBLIC_BASE_URL), 303);
  }
}
