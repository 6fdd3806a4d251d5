CREATE TABLE "app_settings" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"sms_max_length" integer DEFAULT 1000 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_settings_sms_max_length_check" CHECK ("app_settings"."sms_max_length" between 1 and 1600)
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"time_zone" text DEFAULT 'America/New_York' NOT NULL,
	"sms_monthly_limit" integer DEFAULT 0 NOT NULL,
	"sms_phone_number_limit" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institutions_limits_check" CHECK ("institutions"."sms_monthly_limit" >= 0 and "institutions"."sms_phone_number_limit" >= 0)
);
--> statement-breakpoint
CREATE TABLE "settings_audit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "settings_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"institution_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"field" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"changed_by_user_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_permitted_roles" (
	"institution_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	CONSTRAINT "sms_permitted_roles_institution_id_role_id_pk" PRIMARY KEY("institution_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "sms_settings" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"student_default_status" text DEFAULT 'OPTED_OUT' NOT NULL,
	"staff_default_status" text DEFAULT 'OPTED_OUT' NOT NULL,
	"default_phone_type_id" uuid,
	"reply_email_subject" text DEFAULT '{{replierName}} replied to your text' NOT NULL,
	"reply_email_body" text DEFAULT 'Hello {{staffName}},

{{replierName}} ({{replierNumber}}) replied to your text message:

{{replyText}}

Open the conversation: {{conversationLink}}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_settings_student_default_check" CHECK ("sms_settings"."student_default_status" in ('OPTED_IN', 'OPTED_OUT')),
	CONSTRAINT "sms_settings_staff_default_check" CHECK ("sms_settings"."staff_default_status" in ('OPTED_IN', 'OPTED_OUT'))
);
--> statement-breakpoint
CREATE TABLE "person_emails" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"email" text NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_emails_email_check" CHECK ("person_emails"."email" = lower("person_emails"."email") and "person_emails"."email" like '%_@_%')
);
--> statement-breakpoint
CREATE TABLE "person_roles" (
	"institution_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_roles_person_id_role_id_pk" PRIMARY KEY("person_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"preferred_name" text,
	"src_system_id" text,
	"source" text DEFAULT 'MANUAL' NOT NULL,
	"time_zone" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persons_source_check" CHECK ("persons"."source" in ('SIS', 'PROSPECT', 'MANUAL', 'API')),
	CONSTRAINT "persons_names_check" CHECK (length("persons"."first_name") between 1 and 200 and length("persons"."last_name") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "security_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"grants_admin" boolean DEFAULT false NOT NULL,
	"src_system_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_roles_kind_check" CHECK ("security_roles"."kind" in ('STAFF', 'STUDENT')),
	CONSTRAINT "security_roles_admin_is_staff_check" CHECK (not "security_roles"."grants_admin" or "security_roles"."kind" = 'STAFF')
);
--> statement-breakpoint
CREATE TABLE "success_team_members" (
	"institution_id" uuid NOT NULL,
	"student_person_id" uuid NOT NULL,
	"staff_person_id" uuid NOT NULL,
	"team_role" text DEFAULT 'Advisor' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "success_team_members_student_person_id_staff_person_id_pk" PRIMARY KEY("student_person_id","staff_person_id"),
	CONSTRAINT "success_team_not_self_check" CHECK ("success_team_members"."student_person_id" <> "success_team_members"."staff_person_id")
);
--> statement-breakpoint
CREATE TABLE "person_phones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"phone_type_id" uuid NOT NULL,
	"number" text NOT NULL,
	"sms_status" text DEFAULT 'SMS_DEFAULT' NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by_user_id" uuid,
	"src_system_id" text,
	"phone_type_src_system_id" text NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_phones_number_e164_check" CHECK ("person_phones"."number" ~ '^\+[1-9][0-9]{6,14}$'),
	CONSTRAINT "person_phones_sms_status_check" CHECK ("person_phones"."sms_status" in ('SMS_DEFAULT', 'SMS_ENABLED', 'SMS_DISABLED')),
	CONSTRAINT "person_phones_verified_check" CHECK (("person_phones"."verified" and "person_phones"."verified_at" is not null) or (not "person_phones"."verified"))
);
--> statement-breakpoint
CREATE TABLE "phone_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "phone_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"institution_id" uuid NOT NULL,
	"phone_id" uuid NOT NULL,
	"field" text NOT NULL,
	"old_value" text,
	"new_value" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_user_id" uuid,
	"reason" text,
	"message_id" bigint,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "phone_history_field_check" CHECK ("phone_history"."field" in ('SMS_STATUS', 'VERIFIED')),
	CONSTRAINT "phone_history_actor_check" CHECK ("phone_history"."actor_type" in ('USER', 'SYSTEM')),
	CONSTRAINT "phone_history_actor_consistency_check" CHECK (("phone_history"."actor_type" = 'USER' and "phone_history"."actor_user_id" is not null) or ("phone_history"."actor_type" = 'SYSTEM' and "phone_history"."reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "phone_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"src_system_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"name" text DEFAULT 'API key' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"password_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sign_in_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"success" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"person_id" uuid,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"is_operator" boolean DEFAULT false NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lower_check" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "sms_usage_monthly" (
	"institution_id" uuid NOT NULL,
	"month" date NOT NULL,
	"sent_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sms_usage_monthly_institution_id_month_pk" PRIMARY KEY("institution_id","month"),
	CONSTRAINT "sms_usage_monthly_count_check" CHECK ("sms_usage_monthly"."sent_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "system_number_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"system_number_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"person_phone_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	"released_by_user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "system_numbers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"number" text NOT NULL,
	"provider_sid" text,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_numbers_number_e164_check" CHECK ("system_numbers"."number" ~ '^\+[1-9][0-9]{6,14}$'),
	CONSTRAINT "system_numbers_status_check" CHECK ("system_numbers"."status" in ('ACTIVE', 'RETIRED'))
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"owner_person_id" uuid,
	"counterpart_person_id" uuid,
	"counterpart_number" text,
	"system_number_id" uuid,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"owner_last_read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "message_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"institution_id" uuid NOT NULL,
	"message_id" bigint NOT NULL,
	"status" text NOT NULL,
	"error_code" integer,
	"reason_code" text,
	"source" text NOT NULL,
	"event_key" text,
	"detail" jsonb,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_events_status_check" CHECK ("message_events"."status" in ('pending', 'queued', 'accepted', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received', 'refused', 'canceled'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"institution_id" uuid NOT NULL,
	"batch_id" uuid,
	"conversation_id" uuid,
	"channel" text NOT NULL,
	"direction" text NOT NULL,
	"from_user_id" uuid,
	"from_person_id" uuid,
	"to_person_id" uuid,
	"from_address" text,
	"to_address" text,
	"to_phone_id" uuid,
	"system_number_id" uuid,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"reason_code" text,
	"decision_detail" text,
	"error_code" integer,
	"provider_id" text,
	"fallback_for_message_id" bigint,
	"segments" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "messages_channel_check" CHECK ("messages"."channel" in ('SMS', 'EMAIL')),
	CONSTRAINT "messages_direction_check" CHECK ("messages"."direction" in ('OUTBOUND', 'INBOUND')),
	CONSTRAINT "messages_status_check" CHECK ("messages"."status" in ('pending', 'queued', 'accepted', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received', 'refused', 'canceled')),
	CONSTRAINT "messages_reason_code_check" CHECK ("messages"."reason_code" is null or "messages"."reason_code" in ('SENDER_NOT_PERMITTED', 'BODY_TOO_LONG', 'EMPTY_BODY', 'SMS_PHONE_NUMBER_LIMIT_REACHED', 'SMS_MONTHLY_LIMIT_REACHED', 'NO_SMS_NUMBER', 'UNDELIVERABLE', 'TWILIO_RECIPIENT_UNSUBSCRIBED', 'TWILIO_INVALID_NUMBER', 'TWILIO_UNKNOWN_DESTINATION_HANDSET') or "messages"."reason_code" ~ '^TWILIO_ERROR_[0-9]+$')
);
--> statement-breakpoint
CREATE TABLE "send_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"sender_user_id" uuid NOT NULL,
	"sender_person_id" uuid,
	"body" text NOT NULL,
	"recipient_count" integer NOT NULL,
	"scheduled_for" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_receipts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"institution_id" uuid,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mail_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid,
	"from_address" text NOT NULL,
	"to_addresses" text[] NOT NULL,
	"reply_to" text[],
	"subject" text NOT NULL,
	"text_body" text,
	"html_body" text,
	"tags" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app_settings" ADD CONSTRAINT "app_settings_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings_audit" ADD CONSTRAINT "settings_audit_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_permitted_roles" ADD CONSTRAINT "sms_permitted_roles_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_permitted_roles" ADD CONSTRAINT "sms_permitted_roles_role_id_security_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."security_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_settings" ADD CONSTRAINT "sms_settings_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_settings" ADD CONSTRAINT "sms_settings_default_phone_type_id_phone_types_id_fk" FOREIGN KEY ("default_phone_type_id") REFERENCES "public"."phone_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_emails" ADD CONSTRAINT "person_emails_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_emails" ADD CONSTRAINT "person_emails_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_role_id_security_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."security_roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_roles" ADD CONSTRAINT "security_roles_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "success_team_members" ADD CONSTRAINT "success_team_members_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "success_team_members" ADD CONSTRAINT "success_team_members_student_person_id_persons_id_fk" FOREIGN KEY ("student_person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "success_team_members" ADD CONSTRAINT "success_team_members_staff_person_id_persons_id_fk" FOREIGN KEY ("staff_person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_phones" ADD CONSTRAINT "person_phones_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_phones" ADD CONSTRAINT "person_phones_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_phones" ADD CONSTRAINT "person_phones_phone_type_id_phone_types_id_fk" FOREIGN KEY ("phone_type_id") REFERENCES "public"."phone_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_phones" ADD CONSTRAINT "person_phones_verified_by_user_id_users_id_fk" FOREIGN KEY ("verified_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_history" ADD CONSTRAINT "phone_history_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_history" ADD CONSTRAINT "phone_history_phone_id_person_phones_id_fk" FOREIGN KEY ("phone_id") REFERENCES "public"."person_phones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_history" ADD CONSTRAINT "phone_history_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_types" ADD CONSTRAINT "phone_types_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_usage_monthly" ADD CONSTRAINT "sms_usage_monthly_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_number_assignments" ADD CONSTRAINT "system_number_assignments_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_number_assignments" ADD CONSTRAINT "system_number_assignments_system_number_id_system_numbers_id_fk" FOREIGN KEY ("system_number_id") REFERENCES "public"."system_numbers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_number_assignments" ADD CONSTRAINT "system_number_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_number_assignments" ADD CONSTRAINT "system_number_assignments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_number_assignments" ADD CONSTRAINT "system_number_assignments_person_phone_id_person_phones_id_fk" FOREIGN KEY ("person_phone_id") REFERENCES "public"."person_phones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_number_assignments" ADD CONSTRAINT "system_number_assignments_released_by_user_id_users_id_fk" FOREIGN KEY ("released_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_numbers" ADD CONSTRAINT "system_numbers_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_owner_person_id_persons_id_fk" FOREIGN KEY ("owner_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_counterpart_person_id_persons_id_fk" FOREIGN KEY ("counterpart_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_system_number_id_system_numbers_id_fk" FOREIGN KEY ("system_number_id") REFERENCES "public"."system_numbers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_events" ADD CONSTRAINT "message_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_batch_id_send_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."send_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_from_user_id_users_id_fk" FOREIGN KEY ("from_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_from_person_id_persons_id_fk" FOREIGN KEY ("from_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_to_person_id_persons_id_fk" FOREIGN KEY ("to_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_to_phone_id_person_phones_id_fk" FOREIGN KEY ("to_phone_id") REFERENCES "public"."person_phones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_system_number_id_system_numbers_id_fk" FOREIGN KEY ("system_number_id") REFERENCES "public"."system_numbers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_sender_person_id_persons_id_fk" FOREIGN KEY ("sender_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD CONSTRAINT "webhook_receipts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_slug_key" ON "institutions" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "settings_audit_institution_idx" ON "settings_audit" USING btree ("institution_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "person_emails_person_email_key" ON "person_emails" USING btree ("person_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "person_emails_one_primary_key" ON "person_emails" USING btree ("person_id") WHERE "person_emails"."is_primary";--> statement-breakpoint
CREATE INDEX "person_emails_lookup_idx" ON "person_emails" USING btree ("institution_id","email");--> statement-breakpoint
CREATE INDEX "person_roles_role_idx" ON "person_roles" USING btree ("role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_src_system_id_key" ON "persons" USING btree ("institution_id","src_system_id");--> statement-breakpoint
CREATE INDEX "persons_name_idx" ON "persons" USING btree ("institution_id","last_name","first_name","id");--> statement-breakpoint
CREATE INDEX "persons_search_trgm_idx" ON "persons" USING gin ((lower("first_name" || ' ' || "last_name" || ' ' || coalesce("src_system_id", ''))) gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "persons_institution_id_id_key" ON "persons" USING btree ("institution_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "security_roles_code_key" ON "security_roles" USING btree ("institution_id","code");--> statement-breakpoint
CREATE INDEX "success_team_staff_idx" ON "success_team_members" USING btree ("staff_person_id");--> statement-breakpoint
CREATE INDEX "person_phones_person_idx" ON "person_phones" USING btree ("person_id") WHERE not "person_phones"."deleted";--> statement-breakpoint
CREATE INDEX "person_phones_number_idx" ON "person_phones" USING btree ("institution_id","number");--> statement-breakpoint
CREATE INDEX "person_phones_view_idx" ON "person_phones" USING btree ("institution_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "person_phones_src_system_id_key" ON "person_phones" USING btree ("institution_id","src_system_id");--> statement-breakpoint
CREATE INDEX "phone_history_phone_idx" ON "phone_history" USING btree ("phone_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "phone_types_src_system_id_key" ON "phone_types" USING btree ("institution_id","src_system_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_user_idx" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_idx" ON "sign_in_attempts" USING btree ("email","attempted_at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_ip_idx" ON "sign_in_attempts" USING btree ("ip","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "users_person_key" ON "users" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "users_institution_idx" ON "users" USING btree ("institution_id");--> statement-breakpoint
CREATE UNIQUE INDEX "system_number_assignments_active_number_key" ON "system_number_assignments" USING btree ("system_number_id") WHERE "system_number_assignments"."released_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "system_number_assignments_active_user_key" ON "system_number_assignments" USING btree ("user_id") WHERE "system_number_assignments"."released_at" is null;--> statement-breakpoint
CREATE INDEX "system_number_assignments_institution_idx" ON "system_number_assignments" USING btree ("institution_id") WHERE "system_number_assignments"."released_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "system_numbers_number_key" ON "system_numbers" USING btree ("number");--> statement-breakpoint
CREATE INDEX "system_numbers_institution_idx" ON "system_numbers" USING btree ("institution_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_owner_person_key" ON "conversations" USING btree ("institution_id","owner_person_id","counterpart_person_id") WHERE "conversations"."counterpart_person_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_owner_number_key" ON "conversations" USING btree ("institution_id","system_number_id","counterpart_number") WHERE "conversations"."counterpart_person_id" is null;--> statement-breakpoint
CREATE INDEX "conversations_owner_recent_idx" ON "conversations" USING btree ("institution_id","owner_person_id","last_message_at");--> statement-breakpoint
CREATE INDEX "message_events_message_idx" ON "message_events" USING btree ("message_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "message_events_event_key" ON "message_events" USING btree ("event_key") WHERE "message_events"."event_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_id_key" ON "messages" USING btree ("channel","provider_id") WHERE "messages"."provider_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_fallback_key" ON "messages" USING btree ("fallback_for_message_id") WHERE "messages"."fallback_for_message_id" is not null;--> statement-breakpoint
CREATE INDEX "messages_report_idx" ON "messages" USING btree ("institution_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "messages" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_idx" ON "messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_to_person_idx" ON "messages" USING btree ("institution_id","to_person_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_from_person_idx" ON "messages" USING btree ("institution_id","from_person_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_sms_pair_idx" ON "messages" USING btree ("institution_id","from_address","to_address") WHERE "messages"."channel" = 'SMS';--> statement-breakpoint
CREATE INDEX "send_batches_sender_idx" ON "send_batches" USING btree ("institution_id","sender_user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_receipts_key" ON "webhook_receipts" USING btree ("provider","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_outbox_provider_id_key" ON "mail_outbox" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "mail_outbox_institution_idx" ON "mail_outbox" USING btree ("institution_id","created_at" DESC NULLS LAST);