import { z } from "zod";
import type { DbOrTx } from "@/db";
import { findImport, listImportRowErrors } from "@/db/queries/imports";
import { IMPORT_FORMATS, IMPORT_KINDS, IMPORT_ORIGINS, IMPORT_ROW_REASONS, IMPORT_STATUSES } from "@/db/schema/imports";
import { AppError } from "@/lib/errors";
import { IMPORT_STALE_AFTER_MS } from "./interrupt-stale-imports";

export const importRowErrorSchema = z.object({
  rowNumber: z.number().describe("CSV: the line of the file (the header is line 1); JSON: the position in the array, from 1."),
  recordKey: z.string().nullable().describe("The row's src_system_id (or the prospect's name)."),
  reason: z.enum(IMPORT_ROW_REASONS),
  field: z.string().nullable().describe("The column (CSV) or path (JSON) at fault."),
  message: z.string(),
});

export const importSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  format: z.enum(IMPORT_FORMATS),
  origin: z.enum(IMPORT_ORIGINS),
  fileName: z.string(),
  createdBy: z.string().nullable().describe("The uploader's name; null for the command line."),
  status: z
    .enum(IMPORT_STATUSES)
    .describe(
      `RUNNING while rows load; DONE; FAILED when the file was refused or an error stopped it; INTERRUPTED when the process running it died (no progress for ${IMPORT_STALE_AFTER_MS / 60_000} minutes): the rows counted as processed were saved, and running the file again finishes it.`,
    ),
  totalRows: z.number().nullable(),
  processedRows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  failed: z.number().describe("Rows not loaded; each has at least one entry in rowErrors."),
  error: z.string().nullable().describe("Why the whole file was refused, or why the import stopped."),
  createdAt: z.string(),
  finishedAt: z.string().nullable().describe("When it ended; for INTERRUPTED, the last time it was seen making progress."),
});

export const importResultSchema = importSummarySchema.extend({
  rowErrors: z.array(importRowErrorSchema).describe(`The first ${1000} row problems in file order.`),
  rowErrorsTruncated: z.boolean(),
});

export type ImportSummary = z.infer<typeof importSummarySchema>;
export type ImportResult = z.infer<typeof importResultSchema>;
export type ImportRowErrorDto = z.infer<typeof importRowErrorSchema>;

export const RESULT_ROW_ERROR_LIMIT = 1000;

export function toImportSummary(row: NonNullable<Awaited<ReturnType<typeof findImport>>>): ImportSummary {
  return {
    id: row.id,
    kind: row.kind as ImportSummary["kind"],
    format: row.format as ImportSummary["format"],
    origin: row.origin as ImportSummary["origin"],
    fileName: row.fileName,
    createdBy: row.createdByName ?? null,
    status: row.status as ImportSummary["status"],
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    created: row.createdCount,
    updated: row.updatedCount,
    unchanged: row.unchangedCount,
    failed: row.failedCount,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** An import with its first row errors, as the API and the command line answer it. */
export async function loadImportResult(db: DbOrTx, institutionId: string, importId: string): Promise<ImportResult> {
  const row = await findImport(db, institutionId, importId);
  if (!row) throw new AppError("NOT_FOUND", "No such import.");
  const errors = await listImportRowErrors(db, { institutionId, importId, limit: RESULT_ROW_ERROR_LIMIT + 1 });
  return {
    ...toImportSummary(row),
    rowErrors: errors.slice(0, RESULT_ROW_ERROR_LIMIT).map(({ id: _id, ...e }) => ({ ...e, reason: e.reason as ImportRowErrorDto["reason"] })),
    rowErrorsTruncated: errors.length > RESULT_ROW_ERROR_LIMIT,
  };
}
