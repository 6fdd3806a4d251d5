DROP INDEX "messages_report_idx";--> statement-breakpoint
DROP INDEX "messages_to_person_idx";--> statement-breakpoint
DROP INDEX "messages_from_person_idx";