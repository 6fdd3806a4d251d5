CREATE TABLE "sign_in_email_domains" (
	"domain" text PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_in_email_domains_domain_check" CHECK ("sign_in_email_domains"."domain" = lower("sign_in_email_domains"."domain") and "sign_in_email_domains"."domain" ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$')
);
--> statement-breakpoint
CREATE TABLE "sign_in_settings" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"password_sign_in_allowed" boolean DEFAULT true NOT NULL,
	"jit_provisioning" boolean DEFAULT false NOT NULL,
	"jit_default_role_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sso_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"protocol" text NOT NULL,
	"display_name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"oidc_issuer" text,
	"oidc_client_id" text,
	"oidc_client_secret_encrypted" text,
	"oidc_client_secret_last4" text,
	"oidc_trust_email" boolean DEFAULT false NOT NULL,
	"saml_idp_metadata_xml" text,
	"saml_idp_metadata_url" text,
	"saml_idp_entity_id" text,
	"saml_idp_sso_url" text,
	"saml_idp_certificates" text[],
	"saml_sp_entity_id" text,
	"saml_email_attribute" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_connections_protocol_check" CHECK ("sso_connections"."protocol" in ('oidc', 'saml')),
	CONSTRAINT "sso_connections_display_name_check" CHECK (length("sso_connections"."display_name") between 1 and 80),
	CONSTRAINT "sso_connections_oidc_check" CHECK ("sso_connections"."protocol" <> 'oidc' or ("sso_connections"."oidc_issuer" is not null and "sso_connections"."oidc_client_id" is not null and "sso_connections"."oidc_client_secret_encrypted" is not null))
);
--> statement-breakpoint
CREATE TABLE "sso_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sso_sign_in_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"institution_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sign_in_email_domains" ADD CONSTRAINT "sign_in_email_domains_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_settings" ADD CONSTRAINT "sign_in_settings_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_settings" ADD CONSTRAINT "sign_in_settings_jit_default_role_id_security_roles_id_fk" FOREIGN KEY ("jit_default_role_id") REFERENCES "public"."security_roles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_connections" ADD CONSTRAINT "sso_connections_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_identities" ADD CONSTRAINT "sso_identities_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_identities" ADD CONSTRAINT "sso_identities_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_identities" ADD CONSTRAINT "sso_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_sign_in_grants" ADD CONSTRAINT "sso_sign_in_grants_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_sign_in_grants" ADD CONSTRAINT "sso_sign_in_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_sign_in_grants" ADD CONSTRAINT "sso_sign_in_grants_connection_id_sso_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sso_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_in_email_domains_institution_idx" ON "sign_in_email_domains" USING btree ("institution_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_connections_institution_protocol_key" ON "sso_connections" USING btree ("institution_id","protocol");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_connections_institution_id_id_key" ON "sso_connections" USING btree ("institution_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_identities_connection_subject_key" ON "sso_identities" USING btree ("connection_id","subject");--> statement-breakpoint
CREATE INDEX "sso_identities_user_idx" ON "sso_identities" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_sign_in_grants_token_hash_key" ON "sso_sign_in_grants" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sso_sign_in_grants_expires_idx" ON "sso_sign_in_grants" USING btree ("expires_at");