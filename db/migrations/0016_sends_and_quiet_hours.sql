ALTER TABLE "sms_settings" ADD COLUMN "quiet_hours_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "sms_settings" ADD COLUMN "quiet_window_start_minute" integer;--> statement-breakpoint
ALTER TABLE "sms_settings" ADD COLUMN "quiet_window_end_minute" integer;--> statement-breakpoint
ALTER TABLE "sms_settings" ADD COLUMN "quiet_reply_exempt_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "state" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "held_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "state" text DEFAULT 'sending' NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "recipient_ids" uuid[];--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "released_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "cancelled_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "text_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "email_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "undeliverable_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "refused_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Sends stored before this migration were released at once and have finished.
UPDATE "send_batches" SET "state" = 'done', "released_at" = "created_at", "finished_at" = "created_at";--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_cancelled_by_user_id_users_id_fk" FOREIGN KEY ("cancelled_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "send_batches_institution_idx" ON "send_batches" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "send_batches_due_idx" ON "send_batches" USING btree ("scheduled_for") WHERE "send_batches"."state" = 'scheduled';--> statement-breakpoint
ALTER TABLE "sms_settings" ADD CONSTRAINT "sms_settings_quiet_window_check" CHECK (("sms_settings"."quiet_window_start_minute" is null or "sms_settings"."quiet_window_start_minute" between 0 and 1439)
        and ("sms_settings"."quiet_window_end_minute" is null or "sms_settings"."quiet_window_end_minute" between 1 and 1440)
        and ("sms_settings"."quiet_window_start_minute" is null or "sms_settings"."quiet_window_end_minute" is null or "sms_settings"."quiet_window_start_minute" < "sms_settings"."quiet_window_end_minute"));--> statement-breakpoint
ALTER TABLE "sms_settings" ADD CONSTRAINT "sms_settings_quiet_reply_check" CHECK ("sms_settings"."quiet_reply_exempt_minutes" between 0 and 1440);--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_state_check" CHECK ("persons"."state" ~ '^[A-Z]{2}$');--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_state_check" CHECK ("send_batches"."state" in ('scheduled', 'sending', 'done', 'cancelled'));