CREATE TABLE "worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"beat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "status_checked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_reconcile_idx" ON "messages" USING btree ("updated_at") WHERE "messages"."channel" = 'SMS' and "messages"."provider_id" is not null and "messages"."status" in ('queued', 'accepted', 'sending', 'sent');