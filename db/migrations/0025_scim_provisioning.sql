CREATE TABLE "scim_auth_failures" (
	"client" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"failures" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scim_settings" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text,
	"token_prefix" text,
	"token_created_at" timestamp with time zone,
	"token_created_by_user_id" uuid,
	"token_last_used_at" timestamp with time zone,
	"number_on_deactivation" text DEFAULT 'RELEASE' NOT NULL,
	"new_user_role_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scim_settings_number_on_deactivation_check" CHECK ("scim_settings"."number_on_deactivation" in ('RELEASE', 'KEEP'))
);
--> statement-breakpoint
CREATE TABLE "scim_users" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"external_id" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scim_settings" ADD CONSTRAINT "scim_settings_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_settings" ADD CONSTRAINT "scim_settings_token_created_by_user_id_users_id_fk" FOREIGN KEY ("token_created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_settings" ADD CONSTRAINT "scim_settings_new_user_role_id_security_roles_id_fk" FOREIGN KEY ("new_user_role_id") REFERENCES "public"."security_roles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_users" ADD CONSTRAINT "scim_users_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scim_users" ADD CONSTRAINT "scim_users_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "scim_settings_token_hash_key" ON "scim_settings" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "scim_users_external_id_key" ON "scim_users" USING btree ("institution_id","external_id");--> statement-breakpoint
CREATE INDEX "scim_users_institution_idx" ON "scim_users" USING btree ("institution_id");