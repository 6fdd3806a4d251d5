import type { Db, Tx } from "@/db";
import {
  addImportProgress,
  finishImport,
  insertImport,
  insertImportRowErrors,
  setImportTotal,
  type NewImport,
  type NewRowError,
} from "@/db/queries/imports";
import type { Actor, SystemActor } from "@/lib/auth/capabilities";
import { AppError, pgErrorCode } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import type { ServiceContext } from "@/lib/service-context";
import type { RowFailure } from "./row-problems";

/** Who may import: an administrator, or the system (`npm run import:sis`). */
export type ImportContext = ServiceContext<Actor | SystemActor>;

export type ParsedRow<R> = { ok: true; row: R } | { ok: false; failure: RowFailure };

export type BatchResult = { created: number; updated: number; unchanged: number; failures: RowFailure[] };

/** Writes validated rows in the given transaction; rows it refuses come back as failures. */
export type BatchWriter<R> = (tx: Tx, rows: R[]) => Promise<BatchResult>;

export const DEFAULT_BATCH_SIZE = 500;

/** Database errors that belong to the data of a row (bad data, constraint, raised exception), not to the server. */
function isRowError(err: unknown) {
  const code = pgErrorCode(err);
  return code !== undefined && /^(22|23|P0)/.test(code);
}

function rowErrors(failures: RowFailure[]): NewRowError[] {
  return failures.flatMap((f) => f.problems.map((p) => ({ rowNumber: f.rowNumber, recordKey: f.recordKey, ...p })));
}

/**
 * Writes one batch in one transaction together with its row errors and the import's progress.
 * The batch is tried set-based under a savepoint; if the database refuses it, each row is
 * retried under its own savepoint, so a refused row leaves nothing behind and is reported
 * REJECTED while the others load (SPEC §8: each row all or nothing).
 */
async function writeBatch<R extends { rowNumber: number }>(
  db: Db,
  ids: { institutionId: string; importId: string },
  batch: ParsedRow<R>[],
  write: BatchWriter<R>,
  keyOf: (row: R) => string | null,
) {
  const good = batch.flatMap((p) => (p.ok ? [p.row] : []));
  const failures = batch.flatMap((p) => (p.ok ? [] : [p.failure]));
  await db.transaction(async (tx) => {
    let result: BatchResult = { created: 0, updated: 0, unchanged: 0, failures: [] };
    if (good.length) {
      try {
        result = await tx.transaction((sp) => write(sp, good));
      } catch (err) {
        if (!isRowError(err)) throw err;
        for (const row of good) {
          try {
            const one = await tx.transaction((sp) => write(sp, [row]));
            result = {
              created: result.created + one.created,
              updated: result.updated + one.updated,
              unchanged: result.unchanged + one.unchanged,
              failures: [...result.failures, ...one.failures],
            };
          } catch (rowErr) {
            if (!isRowError(rowErr)) throw rowErr;
            const message = (rowErr as { cause?: { message?: string }; message?: string }).cause?.message ?? "The database refused this row.";
            result.failures.push({ rowNumber: row.rowNumber, recordKey: keyOf(row), problems: [{ reason: "REJECTED", field: null, message }] });
          }
        }
      }
    }
    const allFailures = [...failures, ...result.failures].sort((a, b) => a.rowNumber - b.rowNumber);
    await insertImportRowErrors(tx, ids.institutionId, ids.importId, rowErrors(allFailures));
    await addImportProgress(tx, ids.institutionId, ids.importId, {
      processed: batch.length,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      failed: allFailures.length,
    });
  });
}

export type ImportSource<R> = {
  /** Counts the rows and checks the file as a whole (header, CSV syntax); throws VALIDATION to refuse it. */
  open: () => Promise<{ total: number; rows: AsyncIterable<ParsedRow<R>> }>;
  write: BatchWriter<R>;
  keyOf: (row: R) => string | null;
};

/**
 * The import engine: records the import, counts the file, then streams its rows in batches
 * (default 500), each committed with its progress, so `processed_rows` is real progress and
 * memory stays flat. A file refused as a whole is recorded FAILED with the reason and the
 * VALIDATION error is rethrown; nothing of it was written.
 */
export async function runImport<R extends { rowNumber: number }>(
  db: Db,
  record: NewImport,
  source: ImportSource<R>,
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<string> {
  const importId = await insertImport(db, record);
  if (!importId) throw new AppError("CONFLICT", "An import with this id already exists.");
  const ids = { institutionId: record.institutionId, importId };
  try {
    const { total, rows } = await source.open();
    await setImportTotal(db, ids.institutionId, importId, total);
    // One batch is written while the next is read and checked: the database and the parser
    // work at the same time, and batches still commit one after another, in file order.
    let writing: Promise<void> = Promise.resolve();
    let batch: ParsedRow<R>[] = [];
    for await (const parsed of rows) {
      batch.push(parsed);
      if (batch.length >= batchSize) {
        const full = batch;
        batch = [];
        await writing;
        writing = writeBatch(db, ids, full, source.write, source.keyOf);
        writing.catch(() => {});
      }
    }
    await writing;
    if (batch.length) await writeBatch(db, ids, batch, source.write, source.keyOf);
    await finishImport(db, ids.institutionId, importId, { status: "DONE" });
    return importId;
  } catch (err) {
    const message = err instanceof AppError ? err.message : "The import stopped on an unexpected error; the rows counted as processed were loaded.";
    if (!(err instanceof AppError)) log.error("import failed", { importId, err: describeError(err, true) });
    await finishImport(db, ids.institutionId, importId, { status: "FAILED", error: message });
    throw err;
  }
}
