ALTER TABLE "messages" DROP CONSTRAINT "messages_reason_code_check";--> statement-breakpoint
ALTER TABLE "send_batches" DROP CONSTRAINT "send_batches_state_check";--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "first_results" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "first_results_filtered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "first_results_opted_out" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "paused_reason" text;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "resumed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "resumed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_resumed_by_user_id_users_id_fk" FOREIGN KEY ("resumed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- NOT VALID: the check only widens the old one (SEND_CANCELLED is new), so every stored row
-- already satisfies it; new and changed rows are checked as before, and the migration does not
-- scan the messages table while it holds the table's lock.
ALTER TABLE "messages" ADD CONSTRAINT "messages_reason_code_check" CHECK ("messages"."reason_code" is null or "messages"."reason_code" in ('SENDER_NOT_PERMITTED', 'BODY_TOO_LONG', 'EMPTY_BODY', 'EMPTY_MERGE_FIELD', 'SMS_PHONE_NUMBER_LIMIT_REACHED', 'SMS_MONTHLY_LIMIT_REACHED', 'NO_SMS_NUMBER', 'UNDELIVERABLE', 'TWILIO_RECIPIENT_UNSUBSCRIBED', 'TWILIO_INVALID_NUMBER', 'TWILIO_UNKNOWN_DESTINATION_HANDSET', 'SEND_CANCELLED') or "messages"."reason_code" ~ '^TWILIO_ERROR_[0-9]+$') NOT VALID;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_paused_reason_check" CHECK ("send_batches"."paused_reason" is null or "send_batches"."paused_reason" in ('CARRIER_FILTERING'));--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_state_check" CHECK ("send_batches"."state" in ('scheduled', 'sending', 'done', 'paused', 'cancelled'));