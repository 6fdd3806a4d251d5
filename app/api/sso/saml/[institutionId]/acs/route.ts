import { NextResponse, type NextRequest } from "next/server";
import { getDb } from "@/db";
import { signIn } from "@/lib/auth";
import { SAML_REQUEST_COOKIE, samlRequestCookieOptions } from "@/lib/auth/sso/saml/request-cookie";
import { completeSamlSignIn } from "@/lib/auth/sso/saml/saml-sign-in";
import { MAX_SAML_RESPONSE_CHARS } from "@/lib/auth/sso/saml/validate-response";
import { getEnv } from "@/lib/env";
import { isBodyTooLarge, readBodyText } from "@/lib/http/read-body";

type Params = { params: Promise<{ institutionId: string }> };

/**
 * POST /api/sso/saml/:institutionId/acs — the assertion consumer service (POST binding): the
 * IdP's page posts SAMLResponse here. Validated — with the request id of this browser's
 * request cookie (request-cookie.ts) — and matched in lib (saml-sign-in.ts); on success
 * the one-time grant is redeemed by the `sso-grant` provider, which sets the session cookie, and
 * the browser goes on with a 303 (a GET: never a re-POST of the form). A refusal goes back to
 * the sign-in page with its reason.
 */
export async function POST(req: NextRequest, { params }: Params) {
  const { institutionId } = await params;
  const env = getEnv();
  const browserRequestId = req.cookies.get(SAML_REQUEST_COOKIE)?.value ?? null;
  // The request cookie is spent whatever happens: one response per sign-in attempt.
  const spent = (res: NextResponse) => {
    res.cookies.set(SAML_REQUEST_COOKIE, "", { ...samlRequestCookieOptions(env.PUBLIC_BASE_URL), maxAge: 0 });
    return res;
  };
  const back = (code: string) => spent(NextResponse.redirect(new URL(`/sign-in?error=SsoRefused&code=${code}`, env.PUBLIC_BASE_URL), 303));
  let samlResponse: string;
  try {
    // Form-encoding grows base64 by up to a third (+, /, =); RelayState is small.
    samlResponse = new URLSearchParams(await readBodyText(req, Math.ceil(MAX_SAML_RESPONSE_CHARS * 1.5))).get("SAMLResponse") ?? "";
  } catch (err) {
    if (isBodyTooLarge(err)) return back("samlResponse");
    throw err;
  }
  const result = await completeSamlSignIn({ ctx: { db: getDb(), now: new Date() }, input: { institutionId, samlResponse, browserRequestId, baseUrl: env.PUBLIC_BASE_URL } });
  if (!result.ok) return back(result.reason);
  const location = await signIn("sso-grant", { grant: result.grant, redirectTo: result.redirectTo, redirect: false });
  return spent(NextResponse.redirect(new URL(location, env.PUBLIC_BASE_URL), 303));
}
