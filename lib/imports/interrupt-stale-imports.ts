import "server-only";
import type { DbOrTx } from "@/db";
import { markStaleImportsInterrupted } from "@/db/queries/imports";
import { log } from "@/lib/log";

/**
 * How long a RUNNING import may go without a heartbeat before it counts as dead. An import
 * writes one when its file is counted and with every batch it commits, and a batch of 500 rows
 * takes well under a second (even retried row by row after a refusal, a few seconds), so a live
 * import beats it by orders of magnitude; counting a 100 MB file takes seconds. Ten minutes
 * also leaves room for a batch waiting on another transaction's locks, while an import whose
 * process died still shows as stopped soon after anyone would look at it.
 */
export const IMPORT_STALE_AFTER_MS = 10 * 60_000;

export const INTERRUPTED_IMPORT_MESSAGE =
  "The import stopped before it finished (the server restarted?). Rows already processed were saved; run it again to finish — rows already loaded come back unchanged.";

/**
 * An import runs in the process that started it (the Imports page's request, the REST API's,
 * or `npm run import:sis`); if that process dies mid-file, nothing else would ever end the
 * import. The worker's sweep calls this: every institution's RUNNING import whose heartbeat is
 * older than IMPORT_STALE_AFTER_MS becomes INTERRUPTED with INTERRUPTED_IMPORT_MESSAGE, its
 * counts as committed (each batch commits with its counts, SPEC §8: nothing half-written).
 * Answers how many it marked.
 */
export async function interruptStaleImports(db: DbOrTx): Promise<number> {
  const rows = await markStaleImportsInterrupted(db, IMPORT_STALE_AFTER_MS, INTERRUPTED_IMPORT_MESSAGE);
  for (const r of rows) log.warn("import interrupted", { importId: r.id, institutionId: r.institutionId, processedRows: r.processedRows, totalRows: r.totalRows });
  return rows.length;
}
