import type { ImportSummary } from "@/lib/imports/import-summary";

export const KIND_LABELS: Record<ImportSummary["kind"], string> = { SIS: "SIS person import", PROSPECT: "Prospect upload" };
export const STATUS_LABELS: Record<ImportSummary["status"], string> = { RUNNING: "Running", DONE: "Done", FAILED: "Refused", INTERRUPTED: "Interrupted" };
export const ORIGIN_LABELS: Record<ImportSummary["origin"], string> = { WEB: "Imports page", API: "REST API", CLI: "Command line" };

/** A timestamp in the institution's zone, e.g. "Apr 1, 2025, 7:00 AM". */
export function formatWhen(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

export const count = (n: number) => n.toLocaleString("en-US");
