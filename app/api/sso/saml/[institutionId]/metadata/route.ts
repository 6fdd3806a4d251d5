import { getDb } from "@/db";
import { getEnv } from "@/lib/env";
import { samlServiceProviderMetadata } from "@/lib/auth/sso/saml/saml-sign-in";

type Params = { params: Promise<{ institutionId: string }> };

/**
 * GET /api/sso/saml/:institutionId/metadata — our SP metadata for the institution's IdP
 * (entity id = this URL, ACS with the POST binding). Public: an IdP's administrator or the IdP
 * itself fetches it. 404 for an institution that does not exist.
 */
export async function GET(_req: Request, { params }: Params) {
  const { institutionId } = await params;
  const xml = await samlServiceProviderMetadata(getDb(), { institutionId, baseUrl: getEnv().PUBLIC_BASE_URL });
  if (!xml) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(xml, { headers: { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "no-store" } });
}
