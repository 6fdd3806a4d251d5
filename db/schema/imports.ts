import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { users } from "./auth";
import { createdAt, inList, updatedAt } from "./_columns";

export const IMPORT_KINDS = ["SIS", "PROSPECT"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_FORMATS = ["CSV", "JSON", "FORM"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Where the import was started: the Imports page, REST API v1, or `npm run import:sis`. */
export const IMPORT_ORIGINS = ["WEB", "API", "CLI"] as const;
export type ImportOrigin = (typeof IMPORT_ORIGINS)[number];
/**
 * RUNNING until the import ends: DONE, FAILED (the file was refused, or an error stopped it), or
 * INTERRUPTED — the process running it died (crash, deploy, kill) and the worker's sweep saw its
 * heartbeat go stale (lib/imports/interrupt-stale-imports.ts).
 */
export const IMPORT_STATUSES = ["RUNNING", "DONE", "FAILED", "INTERRUPTED"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Why a row was not loaded (SPEC §8: bad rows are reported row by row with the reason). */
export const IMPORT_ROW_REASONS = [
  "MISSING_FIELD",
  "BAD_PHONE",
  "BAD_VALUE",
  "UNKNOWN_ROLE",
  "UNKNOWN_PHONE_TYPE",
  "DUPLICATE",
  "PHONE_NUMBER_CHANGED",
  "REJECTED",
] as const;
export type ImportRowReason = (typeof IMPORT_ROW_REASONS)[number];

/**
 * One SIS import or prospect upload: who ran it, when, the file, and its counts. `processed_rows`
 * moves as batches commit, so the Imports page can show real progress while it runs, and every
 * progress write moves `updated_at`: the heartbeat that tells a running import from a dead one.
 */
export const imports = pgTable(
  "imports",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    format: text("format").notNull(),
    origin: text("origin").notNull(),
    fileName: text("file_name").notNull(),
    /** The uploader; null for `npm run import:sis`, which runs as the system. */
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status").notNull().default("RUNNING"),
    /** Data rows in the file (header excluded); known once the file has been counted. */
    totalRows: integer("total_rows"),
    processedRows: integer("processed_rows").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    unchangedCount: integer("unchanged_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    /** Why the whole file was refused (bad header, unreadable JSON), or why it stopped; row problems live in import_row_errors. */
    error: text("error"),
    createdAt: createdAt(),
    /** The heartbeat: the database's time of the last progress write (total counted, batch committed, finished). */
    updatedAt: updatedAt(),
    /** When it ended; for an INTERRUPTED import, its last heartbeat (the last sign it was running). */
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("imports_institution_idx").on(t.institutionId, t.createdAt, t.id),
    /** The sweep's look-up of running imports with a stale heartbeat; holds only the few running ones. */
    index("imports_running_heartbeat_idx").on(t.updatedAt).where(sql`${t.status} = 'RUNNING'`),
    check("imports_kind_check", sql`${t.kind} in ${inList(IMPORT_KINDS)}`),
    check("imports_format_check", sql`${t.format} in ${inList(IMPORT_FORMATS)}`),
    check("imports_origin_check", sql`${t.origin} in ${inList(IMPORT_ORIGINS)}`),
    check("imports_status_check", sql`${t.status} in ${inList(IMPORT_STATUSES)}`),
  ],
);

/** A row that was not loaded, with the reason; nothing of that row was written. */
export const importRowErrors = pgTable(
  "import_row_errors",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    importId: uuid("import_id").notNull().references(() => imports.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    /** Where the row is: the line of a CSV file (the header is line 1), the position in a JSON array (from 1). */
    rowNumber: integer("row_number").notNull(),
    /** The row's src_system_id (or name, for prospects), to find it in the file. */
    recordKey: text("record_key"),
    reason: text("reason").notNull(),
    /** The column or JSON path at fault, e.g. `phone_1_number`. */
    field: text("field"),
    message: text("message").notNull(),
  },
  (t) => [
    index("import_row_errors_import_idx").on(t.importId, t.rowNumber, t.id),
    check("import_row_errors_reason_check", sql`${t.reason} in ${inList(IMPORT_ROW_REASONS)}`),
  ],
);

export type ImportRow = typeof imports.$inferSelect;
export type ImportRowError = typeof importRowErrors.$inferSelect;
