import { NextResponse } from "next/server";
import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { startSamlSignIn } from "@/lib/auth/sso/saml/saml-sign-in";

type Params = { params: Promise<{ institutionId: string }> };

/**
 * GET /api/sso/saml/:institutionId/login?callbackUrl=/path — where the sign-in page sends a
 * person whose institution signs in through SAML: a fresh AuthnRequest, then a redirect to the
 * IdP (HTTP-Redirect binding). No usable connection: back to the sign-in page, which says so.
 */
export async function GET(req: Request, { params }: Params) {
  const { institutionId } = await params;
  const env = getEnv();
  const callbackUrl = new URL(req.url).searchParams.get("callbackUrl");
  try {
    const url = await startSamlSignIn({ ctx: { db: getDb(), now: new Date() }, input: { institutionId, callbackUrl, baseUrl: env.PUBLIC_BASE_URL } });
    return NextResponse.redirect(url, 303);
  } catch (err) {
    if (!isAppError(err)) throw err;
    return NextResponse.redirect(new URL("/sign-in?error=SsoRefused&code=connection", env.PUBLIC_BASE_URL), 303);
  }
}
