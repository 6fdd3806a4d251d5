CREATE TABLE "saml_authn_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"redirect_to" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "saml_authn_requests" ADD CONSTRAINT "saml_authn_requests_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saml_authn_requests" ADD CONSTRAINT "saml_authn_requests_connection_fk" FOREIGN KEY ("institution_id","connection_id") REFERENCES "public"."sso_connections"("institution_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "saml_authn_requests_expires_idx" ON "saml_authn_requests" USING btree ("expires_at");