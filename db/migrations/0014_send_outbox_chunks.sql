-- A large send's outbox in chunks (one row per chunk), the per-send constants once per row, and
-- the conversations created by the writer (db/schema/messages.ts sendOutbox). Rows left by the
-- previous version become chunk 0 of their send, their constants read from their arrays first.
ALTER TABLE "send_outbox" DROP CONSTRAINT "send_outbox_pkey";--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "chunk" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD CONSTRAINT "send_outbox_batch_id_chunk_pk" PRIMARY KEY("batch_id","chunk");--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "system_number_id" uuid;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "sms_from_address" text;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "email_from_address" text;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "sms_segments" integer;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD COLUMN "conversation_system_number_id" uuid;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD CONSTRAINT "send_outbox_system_number_id_system_numbers_id_fk" FOREIGN KEY ("system_number_id") REFERENCES "public"."system_numbers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_outbox" ADD CONSTRAINT "send_outbox_conversation_system_number_id_system_numbers_id_fk" FOREIGN KEY ("conversation_system_number_id") REFERENCES "public"."system_numbers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
UPDATE "send_outbox" o SET
  "system_number_id" = (SELECT x FROM unnest(o."system_number_ids") x WHERE x IS NOT NULL LIMIT 1),
  "sms_from_address" = (SELECT f FROM unnest(o."from_addresses", o."channels", o."statuses") u(f, c, s) WHERE c = 'SMS' AND s <> 'refused' LIMIT 1),
  "email_from_address" = (SELECT f FROM unnest(o."from_addresses", o."channels") u(f, c) WHERE c = 'EMAIL' LIMIT 1),
  "sms_segments" = (SELECT g FROM unnest(o."segments") g WHERE g IS NOT NULL LIMIT 1),
  "conversation_system_number_id" = (SELECT c."system_number_id" FROM "conversations" c
    WHERE c."id" = (SELECT x FROM unnest(o."conversation_ids") x WHERE x IS NOT NULL LIMIT 1));--> statement-breakpoint
ALTER TABLE "send_outbox" DROP COLUMN "from_addresses";--> statement-breakpoint
ALTER TABLE "send_outbox" DROP COLUMN "system_number_ids";--> statement-breakpoint
ALTER TABLE "send_outbox" DROP COLUMN "segments";--> statement-breakpoint
ALTER TABLE "send_outbox" DROP COLUMN "conversation_ids";
