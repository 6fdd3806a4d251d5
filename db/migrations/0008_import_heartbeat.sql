ALTER TABLE "imports" DROP CONSTRAINT "imports_status_check";--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Existing imports: their last known write, not the migration's time, so one left RUNNING by a dead process is swept.
UPDATE "imports" SET "updated_at" = coalesce("finished_at", "created_at");--> statement-breakpoint
CREATE INDEX "imports_running_heartbeat_idx" ON "imports" USING btree ("updated_at") WHERE "imports"."status" = 'RUNNING';--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_status_check" CHECK ("imports"."status" in ('RUNNING', 'DONE', 'FAILED', 'INTERRUPTED'));