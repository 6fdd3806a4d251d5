CREATE TABLE "send_outbox" (
	"batch_id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"written" integer DEFAULT 0 NOT NULL,
	"message_ids" bigint[] NOT NULL,
	"to_person_ids" uuid[] NOT NULL,
	"channels" text[] NOT NULL,
	"statuses" text[] NOT NULL,
	"from_addresses" text[] NOT NULL,
	"to_addresses" text[] NOT NULL,
	"to_phone_ids" uuid[] NOT NULL,
	"system_number_ids" uuid[] NOT NULL,
	"reason_codes" text[] NOT NULL,
	"decision_details" text[] NOT NULL,
	"segments" integer[] NOT NULL,
	"conversation_ids" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "send_outbox" ADD CONSTRAINT "send_outbox_batch_id_send_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."send_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD CONSTRAINT "send_outbox_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Out of line and uncompressed: a 10,000-row send's arrays are ~1.5 MB, which pglz took ~20 ms to compress for a row that lives seconds.
ALTER TABLE "send_outbox" ALTER COLUMN "message_ids" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "to_person_ids" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "channels" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "statuses" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "from_addresses" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "to_addresses" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "to_phone_ids" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "system_number_ids" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "reason_codes" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "decision_details" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "segments" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "send_outbox" ALTER COLUMN "conversation_ids" SET STORAGE EXTERNAL;
