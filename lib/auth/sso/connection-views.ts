import type { SsoConnection } from "@/db/schema";
import { certificateExpiries } from "./saml/idp-metadata";

/** What Administration → Sign-in shows of an OIDC connection: never the secret, only its last four characters. */
export type OidcConnectionView = {
  id: string;
  displayName: string;
  enabled: boolean;
  issuer: string;
  clientId: string;
  secretLast4: string | null;
  trustEmail: boolean;
  updatedAt: string;
};

/** What Administration → Sign-in shows of a SAML connection (helper B's form; extend as needed). */
export type SamlConnectionView = {
  id: string;
  displayName: string;
  enabled: boolean;
  idpEntityId: string | null;
  idpSsoUrl: string | null;
  metadataUrl: string | null;
  hasMetadata: boolean;
  certificateCount: number;
  /** When the first of the IdP's signing certificates expires (ISO): sign-in stops then unless the metadata is renewed. */
  certificatesExpireAt: string | null;
  spEntityId: string | null;
  emailAttribute: string | null;
  updatedAt: string;
};

export function toOidcConnectionView(c: SsoConnection): OidcConnectionView {
  return {
    id: c.id,
    displayName: c.displayName,
    enabled: c.enabled,
    issuer: c.oidcIssuer ?? "",
    clientId: c.oidcClientId ?? "",
    secretLast4: c.oidcClientSecretLast4,
    trustEmail: c.oidcTrustEmail,
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function toSamlConnectionView(c: SsoConnection): SamlConnectionView {
  return {
    id: c.id,
    displayName: c.displayName,
    enabled: c.enabled,
    idpEntityId: c.samlIdpEntityId,
    idpSsoUrl: c.samlIdpSsoUrl,
    metadataUrl: c.samlIdpMetadataUrl,
    hasMetadata: Boolean(c.samlIdpMetadataXml),
    certificateCount: c.samlIdpCertificates?.length ?? 0,
    certificatesExpireAt: c.samlIdpCertificates?.length ? new Date(Math.min(...certificateExpiries(c.samlIdpCertificates).map(Number))).toISOString() : null,
    spEntityId: c.samlSpEntityId,
    emailAttribute: c.samlEmailAttribute,
    updatedAt: c.updatedAt.toISOString(),
  };
}
