import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { securityRoles } from "./people";
import { users } from "./auth";
import { createdAt, inList, updatedAt, uuidPk } from "./_columns";

export const SSO_PROTOCOLS = ["oidc", "saml"] as const;
export type SsoProtocol = (typeof SSO_PROTOCOLS)[number];

/**
 * Administration → Sign-in (issue 19): how an institution's people sign in. One row per
 * institution; an institution without a row has the defaults (passwords on, no JIT).
 */
export const signInSettings = pgTable("sign_in_settings", {
  institutionId: uuid("institution_id").primaryKey().references(() => institutions.id, { onDelete: "cascade" }),
  /** Off: the institution's users sign in only through its SSO (lib/auth/sso/sign-in-settings.ts keeps a way in). */
  passwordSignInAllowed: boolean("password_sign_in_allowed").notNull().default(true),
  /** Just-in-time provisioning: an SSO identity with no user becomes a staff user with the default role. */
  jitProvisioning: boolean("jit_provisioning").notNull().default(false),
  /** The staff role (never one that grants administration) a just-in-time user gets. */
  jitDefaultRoleId: uuid("jit_default_role_id").references((): AnyPgColumn => securityRoles.id, { onDelete: "set null" }),
  updatedAt: updatedAt(),
});

/**
 * Email domains whose sign-ins go to an institution's SSO. A domain belongs to at most one
 * institution on the platform (the primary key), so routing by domain is never ambiguous.
 */
export const signInEmailDomains = pgTable(
  "sign_in_email_domains",
  {
    /** Lower-case, no "@": `lakeside.edu`. */
    domain: text("domain").primaryKey(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("sign_in_email_domains_institution_idx").on(t.institutionId),
    check("sign_in_email_domains_domain_check", sql`${t.domain} = lower(${t.domain}) and ${t.domain} ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'`),
  ],
);

/**
 * An institution's identity provider: at most one per protocol. OIDC columns are filled for
 * `oidc`, SAML columns for `saml` (checked). The OIDC client secret is stored only encrypted
 * (lib/auth/sso/secret-box.ts, AES-256-GCM with SSO_ENCRYPTION_KEY); its last four characters
 * are kept apart so the page can say "saved, ends …" without decrypting it.
 */
export const ssoConnections = pgTable(
  "sso_connections",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    protocol: text("protocol").$type<SsoProtocol>().notNull(),
    /** On the sign-in button: "Sign in with <display name>". */
    displayName: text("display_name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    oidcIssuer: text("oidc_issuer"),
    oidcClientId: text("oidc_client_id"),
    /** `v1.<iv>.<tag>.<ciphertext>` (base64url): see secret-box.ts. */
    oidcClientSecretEncrypted: text("oidc_client_secret_encrypted"),
    oidcClientSecretLast4: text("oidc_client_secret_last4"),
    /**
     * Microsoft Entra ID sends no `email_verified` claim: with this on, the provider's `email`
     * is taken as verified (the administrator vouches for the tenant). Off by default.
     */
    oidcTrustEmail: boolean("oidc_trust_email").notNull().default(false),
    /** The IdP's metadata as fetched or pasted (kept, so sign-in never depends on fetching it). */
    samlIdpMetadataXml: text("saml_idp_metadata_xml"),
    /** Where the metadata was fetched from, when it was given as a URL. */
    samlIdpMetadataUrl: text("saml_idp_metadata_url"),
    samlIdpEntityId: text("saml_idp_entity_id"),
    samlIdpSsoUrl: text("saml_idp_sso_url"),
    /** The IdP's signing certificate(s), PEM, as read from the metadata. */
    samlIdpCertificates: text("saml_idp_certificates").array(),
    /** Our entity id at this IdP (the SP entity id registered there). */
    samlSpEntityId: text("saml_sp_entity_id"),
    /** The assertion attribute holding the email; null: the NameID. */
    samlEmailAttribute: text("saml_email_attribute"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sso_connections_institution_protocol_key").on(t.institutionId, t.protocol),
    uniqueIndex("sso_connections_institution_id_id_key").on(t.institutionId, t.id),
    check("sso_connections_protocol_check", sql`${t.protocol} in ${inList(SSO_PROTOCOLS)}`),
    check("sso_connections_display_name_check", sql`length(${t.displayName}) between 1 and 80`),
    check(
      "sso_connections_oidc_check",
      sql`${t.protocol} <> 'oidc' or (${t.oidcIssuer} is not null and ${t.oidcClientId} is not null and ${t.oidcClientSecretEncrypted} is not null)`,
    ),
  ],
);

/**
 * An identity at a connection (its `sub` / NameID) and the user it signed in as. Written at each
 * SSO sign-in: an identity that once signed in as one user never signs in as another (an email
 * reassigned at the IdP is refused), and it proves a user has a way in through SSO before
 * password sign-in may be switched off.
 */
export const ssoIdentities = pgTable(
  "sso_identities",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").notNull().references(() => ssoConnections.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sso_identities_connection_subject_key").on(t.connectionId, t.subject),
    index("sso_identities_user_idx").on(t.userId),
  ],
);

/**
 * One-time sign-in grants (lib/auth/sso/sign-in-grant.ts): a protocol handler that verified an
 * identity outside Auth.js (SAML) gets one, and the `sso-grant` Credentials provider redeems it
 * for a session. Only the SHA-256 of the grant is stored; it lives 60 seconds and is used once.
 */
export const ssoSignInGrants = pgTable(
  "sso_sign_in_grants",
  {
    id: uuidPk(),
    tokenHash: text("token_hash").notNull(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    connectionId: uuid("connection_id").notNull().references(() => ssoConnections.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("sso_sign_in_grants_token_hash_key").on(t.tokenHash), index("sso_sign_in_grants_expires_idx").on(t.expiresAt)],
);

export type SignInSettings = typeof signInSettings.$inferSelect;
export type SsoConnection = typeof ssoConnections.$inferSelect;
