DROP INDEX "messages_dispatch_idx";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "held_time_zone" text;--> statement-breakpoint
CREATE INDEX "messages_held_idx" ON "messages" USING btree ("held_until") WHERE "messages"."status" = 'pending' and "messages"."held_until" is not null;--> statement-breakpoint
CREATE INDEX "messages_dispatch_idx" ON "messages" USING btree ("status","created_at") WHERE "messages"."status" in ('pending', 'sending') and "messages"."held_until" is null;