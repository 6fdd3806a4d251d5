-- The Message Report (SPEC §7), chosen from `npm run bench:report`'s EXPLAIN output at 1M messages.
-- Keys end in (created_at, id) ascending: a backward scan gives the report's newest-first order and
-- paging back scans forwards (the old `DESC NULLS LAST` keys matched neither, so every page sorted).
-- INCLUDE carries the filtered columns so filters are checked in the index (index-only scans).
CREATE INDEX "messages_report_idx" ON "messages" USING btree ("institution_id", "created_at", "id") INCLUDE ("channel", "status", "reason_code");--> statement-breakpoint
CREATE INDEX "messages_from_person_idx" ON "messages" USING btree ("institution_id", "from_person_id", "created_at", "id") INCLUDE ("channel", "status", "reason_code", "to_person_id");--> statement-breakpoint
CREATE INDEX "messages_to_person_idx" ON "messages" USING btree ("institution_id", "to_person_id", "created_at", "id") INCLUDE ("channel", "status", "reason_code", "from_person_id");--> statement-breakpoint
CREATE INDEX "messages_report_from_status_idx" ON "messages" USING btree ("institution_id", "from_person_id", "channel", "status", "created_at", "id") INCLUDE ("reason_code", "to_person_id");--> statement-breakpoint
CREATE INDEX "messages_report_from_address_idx" ON "messages" USING btree ("institution_id", "from_address", "created_at", "id") INCLUDE ("channel", "status", "reason_code");--> statement-breakpoint
CREATE INDEX "messages_report_to_address_idx" ON "messages" USING btree ("institution_id", "to_address", "created_at", "id") INCLUDE ("channel", "status", "reason_code");--> statement-breakpoint
CREATE INDEX "messages_report_status_idx" ON "messages" USING btree ("institution_id", "channel", "status", "created_at", "id") INCLUDE ("reason_code");--> statement-breakpoint
CREATE INDEX "messages_report_reason_idx" ON "messages" USING btree ("institution_id", "channel", "reason_code", "created_at", "id") INCLUDE ("status") WHERE "reason_code" IS NOT NULL;--> statement-breakpoint
-- Channel, status and reason are correlated (no inbound email; NO_SMS_NUMBER only on email): without
-- these statistics the planner walks a whole status for a reason that never occurs with it.
CREATE STATISTICS "messages_report_stats" (mcv, dependencies) ON "channel", "status", "reason_code" FROM "messages";
