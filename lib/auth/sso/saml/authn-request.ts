import type { SamlIdentityProvider } from "./idp-metadata";
import type { SamlRequestStore } from "./request-store";
import { samlClient, type SamlServiceProvider } from "./service-provider";

/**
 * The URL that sends a browser to the IdP with a fresh AuthnRequest (HTTP-Redirect binding:
 * deflated, base64, in the query). The request's id is saved in `store` first, so the response
 * can be matched to it (validate-response.ts). No RelayState: what the person wanted afterwards
 * is kept with the request id on our side, never carried through the IdP.
 */
export async function createAuthnRequestUrl(input: {
  sp: SamlServiceProvider;
  idp: SamlIdentityProvider;
  store: SamlRequestStore;
  now: () => Date;
}): Promise<string> {
  const { saml } = samlClient(input.sp, input.idp, input.store, input.now);
  return saml.getAuthorizeUrlAsync("", undefined, {});
}
