CREATE TABLE "first_contacts" (
	"institution_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"contacted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "first_contacts_institution_id_person_id_pk" PRIMARY KEY("institution_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "message_template_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "message_template_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"institution_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"change" text NOT NULL,
	"field" text,
	"old_value" jsonb,
	"new_value" jsonb,
	"changed_by_user_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_template_changes_change_check" CHECK ("message_template_changes"."change" in ('CREATED', 'UPDATED', 'DELETED'))
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"name" text NOT NULL,
	"body" text NOT NULL,
	"category" text,
	"created_by_user_id" uuid,
	"updated_by_user_id" uuid,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_templates_name_check" CHECK (length("message_templates"."name") between 1 and 100),
	CONSTRAINT "message_templates_body_check" CHECK (length("message_templates"."body") between 1 and 1600),
	CONSTRAINT "message_templates_category_check" CHECK ("message_templates"."category" is null or length("message_templates"."category") between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_reason_code_check";--> statement-breakpoint
ALTER TABLE "sms_settings" ADD COLUMN "first_contact_footer" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "template_id" uuid;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "template_id" uuid;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "bodies" text[];--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "segment_counts" integer[];--> statement-breakpoint
ALTER TABLE "first_contacts" ADD CONSTRAINT "first_contacts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "first_contacts" ADD CONSTRAINT "first_contacts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_template_changes" ADD CONSTRAINT "message_template_changes_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_template_changes" ADD CONSTRAINT "message_template_changes_template_id_message_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."message_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_template_changes" ADD CONSTRAINT "message_template_changes_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_template_changes_template_idx" ON "message_template_changes" USING btree ("institution_id","template_id","changed_at");--> statement-breakpoint
CREATE INDEX "message_template_changes_institution_idx" ON "message_template_changes" USING btree ("institution_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_name_key" ON "message_templates" USING btree ("institution_id",coalesce("owner_user_id", '00000000-0000-0000-0000-000000000000'::uuid),lower("name")) WHERE "message_templates"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "message_templates_owner_idx" ON "message_templates" USING btree ("institution_id","owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_institution_id_id_key" ON "message_templates" USING btree ("institution_id","id");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_template_id_message_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."message_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_template_id_message_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."message_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_report_template_idx" ON "messages" USING btree ("institution_id","template_id","created_at","id") WHERE "messages"."template_id" is not null;--> statement-breakpoint
ALTER TABLE "sms_settings" ADD CONSTRAINT "sms_settings_first_contact_footer_check" CHECK ("sms_settings"."first_contact_footer" is null or length("sms_settings"."first_contact_footer") between 1 and 160);--> statement-breakpoint
-- NOT VALID: the check only widens the old one (EMPTY_MERGE_FIELD is new), so every stored row
-- already satisfies it; new and changed rows are checked as before, and the migration does not
-- scan the messages table while it holds the table's lock.
ALTER TABLE "messages" ADD CONSTRAINT "messages_reason_code_check" CHECK ("messages"."reason_code" is null or "messages"."reason_code" in ('SENDER_NOT_PERMITTED', 'BODY_TOO_LONG', 'EMPTY_BODY', 'EMPTY_MERGE_FIELD', 'SMS_PHONE_NUMBER_LIMIT_REACHED', 'SMS_MONTHLY_LIMIT_REACHED', 'NO_SMS_NUMBER', 'UNDELIVERABLE', 'TWILIO_RECIPIENT_UNSUBSCRIBED', 'TWILIO_INVALID_NUMBER', 'TWILIO_UNKNOWN_DESTINATION_HANDSET') or "messages"."reason_code" ~ '^TWILIO_ERROR_[0-9]+$') NOT VALID;