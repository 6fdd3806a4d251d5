CREATE TABLE "import_row_errors" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_row_errors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_id" uuid NOT NULL,
	"institution_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"record_key" text,
	"reason" text NOT NULL,
	"field" text,
	"message" text NOT NULL,
	CONSTRAINT "import_row_errors_reason_check" CHECK ("import_row_errors"."reason" in ('MISSING_FIELD', 'BAD_PHONE', 'BAD_VALUE', 'UNKNOWN_ROLE', 'UNKNOWN_PHONE_TYPE', 'DUPLICATE', 'PHONE_NUMBER_CHANGED', 'REJECTED'))
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"origin" text NOT NULL,
	"file_name" text NOT NULL,
	"created_by_user_id" uuid,
	"status" text DEFAULT 'RUNNING' NOT NULL,
	"total_rows" integer,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "imports_kind_check" CHECK ("imports"."kind" in ('SIS', 'PROSPECT')),
	CONSTRAINT "imports_format_check" CHECK ("imports"."format" in ('CSV', 'JSON', 'FORM')),
	CONSTRAINT "imports_origin_check" CHECK ("imports"."origin" in ('WEB', 'API', 'CLI')),
	CONSTRAINT "imports_status_check" CHECK ("imports"."status" in ('RUNNING', 'DONE', 'FAILED'))
);
--> statement-breakpoint
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_row_errors" ADD CONSTRAINT "import_row_errors_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_row_errors_import_idx" ON "import_row_errors" USING btree ("import_id","row_number","id");--> statement-breakpoint
CREATE INDEX "imports_institution_idx" ON "imports" USING btree ("institution_id","created_at","id");