CREATE TABLE "send_outcome_snapshots" (
	"batch_id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"summary" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "send_outcome_snapshots" ADD CONSTRAINT "send_outcome_snapshots_batch_id_send_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."send_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_outcome_snapshots" ADD CONSTRAINT "send_outcome_snapshots_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;