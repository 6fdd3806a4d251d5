DROP INDEX "messages_batch_idx";--> statement-breakpoint
CREATE INDEX "phone_history_opt_out_keyword_idx" ON "phone_history" USING btree ("institution_id","changed_at") WHERE "phone_history"."reason" = 'OPT_OUT_KEYWORD';--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "messages" USING btree ("batch_id","id");