CREATE TABLE "sim_twilio_faults" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"mode" text DEFAULT 'none' NOT NULL,
	"remaining" integer DEFAULT 0 NOT NULL,
	"delay_ms" integer DEFAULT 35000 NOT NULL,
	"process_request" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sim_twilio_faults_singleton_check" CHECK ("sim_twilio_faults"."id" = 1),
	CONSTRAINT "sim_twilio_faults_mode_check" CHECK ("sim_twilio_faults"."mode" in ('none', '429', '500', 'timeout')),
	CONSTRAINT "sim_twilio_faults_remaining_check" CHECK ("sim_twilio_faults"."remaining" >= 0 and "sim_twilio_faults"."delay_ms" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sim_twilio_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sim_twilio_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sid" text NOT NULL,
	"account_sid" text NOT NULL,
	"institution_id" uuid,
	"direction" text NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"body" text NOT NULL,
	"num_segments" integer NOT NULL,
	"status" text NOT NULL,
	"error_code" integer,
	"status_callback" text,
	"date_sent" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sim_twilio_messages_direction_check" CHECK ("sim_twilio_messages"."direction" in ('outbound-api', 'outbound-reply', 'inbound'))
);
--> statement-breakpoint
CREATE TABLE "sim_twilio_opt_outs" (
	"sender_number" text NOT NULL,
	"handset_number" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sim_twilio_opt_outs_sender_number_handset_number_pk" PRIMARY KEY("sender_number","handset_number")
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "sim_twilio_messages" ADD CONSTRAINT "sim_twilio_messages_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sim_twilio_messages_sid_key" ON "sim_twilio_messages" USING btree ("sid");--> statement-breakpoint
CREATE INDEX "sim_twilio_messages_to_idx" ON "sim_twilio_messages" USING btree ("to_number","created_at");--> statement-breakpoint
CREATE INDEX "sim_twilio_messages_from_idx" ON "sim_twilio_messages" USING btree ("from_number","created_at");--> statement-breakpoint
CREATE INDEX "sim_twilio_messages_institution_idx" ON "sim_twilio_messages" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_outbox_idempotency_key" ON "mail_outbox" USING btree ("idempotency_key");