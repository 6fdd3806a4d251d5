CREATE TABLE "dashboard_daily_counts" (
	"institution_id" uuid NOT NULL,
	"day" date NOT NULL,
	"metric" text NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "dashboard_daily_counts_institution_id_day_metric_key_pk" PRIMARY KEY("institution_id","day","metric","key"),
	CONSTRAINT "dashboard_daily_counts_metric_check" CHECK ("dashboard_daily_counts"."metric" in ('texts', 'texts_delivered', 'texts_failed', 'texts_replied', 'emails', 'replies', 'opt_outs', 'failure_reason', 'staff_sends', 'staff_messages'))
);
--> statement-breakpoint
CREATE TABLE "dashboard_rollups" (
	"institution_id" uuid PRIMARY KEY NOT NULL,
	"time_zone" text NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "health_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"key" text NOT NULL,
	"level" text NOT NULL,
	"title" text NOT NULL,
	"detail" text NOT NULL,
	"period" text,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"emailed_at" timestamp with time zone,
	CONSTRAINT "health_alerts_level_check" CHECK ("health_alerts"."level" in ('warning', 'critical'))
);
--> statement-breakpoint
CREATE TABLE "webhook_refusals" (
	"institution_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "webhook_refusals_institution_id_kind_minute_pk" PRIMARY KEY("institution_id","kind","minute"),
	CONSTRAINT "webhook_refusals_kind_check" CHECK ("webhook_refusals"."kind" in ('status', 'inbound'))
);
--> statement-breakpoint
ALTER TABLE "dashboard_daily_counts" ADD CONSTRAINT "dashboard_daily_counts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dashboard_rollups" ADD CONSTRAINT "dashboard_rollups_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_alerts" ADD CONSTRAINT "health_alerts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_refusals" ADD CONSTRAINT "webhook_refusals_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "health_alerts_open_key" ON "health_alerts" USING btree ("institution_id","key") WHERE "health_alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "health_alerts_institution_idx" ON "health_alerts" USING btree ("institution_id","opened_at");--> statement-breakpoint
CREATE INDEX "health_alerts_unsent_idx" ON "health_alerts" USING btree ("opened_at") WHERE "health_alerts"."emailed_at" is null and "health_alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "phone_history_opt_out_idx" ON "phone_history" USING btree ("institution_id","changed_at") WHERE "phone_history"."field" = 'SMS_STATUS' and "phone_history"."new_value" = 'SMS_DISABLED' and "phone_history"."reason" in ('OPT_OUT_KEYWORD', 'TWILIO_RECIPIENT_UNSUBSCRIBED');--> statement-breakpoint
CREATE INDEX "message_events_provider_idx" ON "message_events" USING btree ("institution_id","source","status","occurred_at") WHERE "message_events"."source" in ('TWILIO', 'RECONCILIATION') and "message_events"."status" <> 'received';