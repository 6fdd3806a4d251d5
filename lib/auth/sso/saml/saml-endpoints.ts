/**
 * Our SAML endpoints for an institution (issue 19.1: shown to the administrator to copy into
 * the IdP). Keyed by institution — one SAML connection each — so they are known before the IdP's
 * metadata is: Okta, Entra ID and Shibboleth all ask for the ACS URL and entity id first.
 * Always from PUBLIC_BASE_URL, never the request's own URL (which is localhost behind a proxy).
 */
export function samlEndpoints(baseUrl: string, institutionId: string) {
  const root = `${baseUrl.replace(/\/+$/, "")}/api/sso/saml/${institutionId}`;
  return {
    /** Our SP entity id, which is also where our SP metadata is served. */
    entityId: `${root}/metadata`,
    metadataUrl: `${root}/metadata`,
    acsUrl: `${root}/acs`,
  };
}

