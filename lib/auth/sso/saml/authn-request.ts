import { randomBytes } from "node:crypto";
import type { SamlIdentityProvider } from "./idp-metadata";
import type { SamlRequestStore } from "./request-store";
import { samlClient, type SamlServiceProvider } from "./service-provider";

/**
 * The URL that sends a browser to the IdP with a fresh AuthnRequest (HTTP-Redirect binding:
 * deflated, base64, in the query), and the request's id (`_` + 40 hex digits, 160 random bits).
 * The id is saved in `store` first, so the response can be matched to it (validate-response.ts),
 * and the caller gives it to the browser too (a cookie), so the response is accepted only from
 * the browser that asked. No RelayState: what the person wanted afterwards is kept with the
 * request id on our side, never carried through the IdP.
 */
export async function createAuthnRequestUrl(input: {
  sp: SamlServiceProvider;
  idp: SamlIdentityProvider;
  store: SamlRequestStore;
  now: () => Date;
}): Promise<{ url: string; requestId: string }> {
  const requestId = `_${randomBytes(20).toString("hex")}`;
  const { saml } = samlClient(input.sp, input.idp, input.store, input.now, requestId);
  return { url: await saml.getAuthorizeUrlAsync("", undefined, {}), requestId };
}
