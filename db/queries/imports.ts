import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { importRowErrors, imports, users, type ImportFormat, type ImportKind, type ImportOrigin, type ImportRowReason } from "@/db/schema";

export type NewImport = {
  id?: string;
  institutionId: string;
  kind: ImportKind;
  format: ImportFormat;
  origin: ImportOrigin;
  fileName: string;
  createdByUserId: string | null;
  now: Date;
};

/** Starts an import (RUNNING); a given id that already exists answers undefined. */
export async function insertImport(db: DbOrTx, values: NewImport): Promise<string | undefined> {
  const { now, id, ...rest } = values;
  const [row] = await db
    .insert(imports)
    .values({ ...rest, ...(id ? { id } : {}), createdAt: now })
    .onConflictDoNothing()
    .returning({ id: imports.id });
  return row?.id;
}

/**
 * What every progress write also sets: the heartbeat, by the database's clock (the sweep reads it
 * with the same clock, so no skew between hosts can make a live import look dead). An import the
 * sweep gave up on that writes again was only slow: it is RUNNING again, without the message.
 */
function heartbeat() {
  const interrupted = sql`${imports.status} = 'INTERRUPTED'`;
  return {
    updatedAt: sql`now()`,
    status: sql`case when ${interrupted} then 'RUNNING' else ${imports.status} end`,
    error: sql`case when ${interrupted} then null else ${imports.error} end`,
    finishedAt: sql`case when ${interrupted} then null else ${imports.finishedAt} end`,
  };
}

export async function setImportTotal(db: DbOrTx, institutionId: string, importId: string, totalRows: number) {
  await db
    .update(imports)
    .set({ totalRows, ...heartbeat() })
    .where(and(eq(imports.institutionId, institutionId), eq(imports.id, importId)));
}

export type ImportCounts = { processed: number; created: number; updated: number; unchanged: number; failed: number };

/** Adds one batch's counts; runs in the batch's transaction so progress shows committed rows only. */
export async function addImportProgress(db: DbOrTx, institutionId: string, importId: string, c: ImportCounts) {
  await db
    .update(imports)
    .set({
      processedRows: sql`${imports.processedRows} + ${c.processed}`,
      createdCount: sql`${imports.createdCount} + ${c.created}`,
      updatedCount: sql`${imports.updatedCount} + ${c.updated}`,
      unchangedCount: sql`${imports.unchangedCount} + ${c.unchanged}`,
      failedCount: sql`${imports.failedCount} + ${c.failed}`,
      ...heartbeat(),
    })
    .where(and(eq(imports.institutionId, institutionId), eq(imports.id, importId)));
}

export type NewRowError = { rowNumber: number; recordKey: string | null; reason: ImportRowReason; field: string | null; message: string };

export async function insertImportRowErrors(db: DbOrTx, institutionId: string, importId: string, rows: NewRowError[]) {
  if (!rows.length) return;
  await db.insert(importRowErrors).values(rows.map((r) => ({ ...r, importId, institutionId })));
}

export async function finishImport(db: DbOrTx, institutionId: string, importId: string, result: { status: "DONE" | "FAILED"; error?: string }) {
  await db
    .update(imports)
    .set({ status: result.status, error: result.error ?? null, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(imports.institutionId, institutionId), eq(imports.id, importId)));
}

/**
 * Marks INTERRUPTED every RUNNING import, of every institution (the system's sweep), whose
 * heartbeat is older than `staleAfterMs` by the database's clock, with `message`. Counts stay as
 * committed; `finished_at` takes the last heartbeat. One statement: an import whose batch commits
 * meanwhile is re-checked after that commit and stays RUNNING (imports_running_heartbeat_idx).
 */
export function markStaleImportsInterrupted(db: DbOrTx, staleAfterMs: number, message: string) {
  return db
    .update(imports)
    .set({ status: "INTERRUPTED", error: message, finishedAt: sql`${imports.updatedAt}`, updatedAt: sql`now()` })
    .where(and(eq(imports.status, "RUNNING"), lt(imports.updatedAt, sql`now() - ${`${staleAfterMs} milliseconds`}::interval`)))
    .returning({ id: imports.id, institutionId: imports.institutionId, processedRows: imports.processedRows, totalRows: imports.totalRows });
}

const importColumns = {
  id: imports.id,
  kind: imports.kind,
  format: imports.format,
  origin: imports.origin,
  fileName: imports.fileName,
  createdByUserId: imports.createdByUserId,
  createdByName: users.displayName,
  status: imports.status,
  totalRows: imports.totalRows,
  processedRows: imports.processedRows,
  createdCount: imports.createdCount,
  updatedCount: imports.updatedCount,
  unchangedCount: imports.unchangedCount,
  failedCount: imports.failedCount,
  error: imports.error,
  createdAt: imports.createdAt,
  finishedAt: imports.finishedAt,
};

/** One import of the institution (another institution's id reads as missing). */
export async function findImport(db: DbOrTx, institutionId: string, importId: string) {
  const [row] = await db
    .select(importColumns)
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdByUserId))
    .where(and(eq(imports.institutionId, institutionId), eq(imports.id, importId)));
  return row;
}

/** The institution's latest imports, newest first (imports_institution_idx). */
export function listRecentImports(db: DbOrTx, institutionId: string, limit: number) {
  return db
    .select(importColumns)
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdByUserId))
    .where(eq(imports.institutionId, institutionId))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit);
}

/**
 * One keyset page of an import's row errors in file order: after (rowNumber, id), or the rows
 * just before it (read backwards, returned in file order) for a Previous page.
 */
export async function listImportRowErrors(
  db: DbOrTx,
  p: { institutionId: string; importId: string; after?: { rowNumber: number; id: number }; before?: { rowNumber: number; id: number }; limit: number },
) {
  const key = sql`(${importRowErrors.rowNumber}, ${importRowErrors.id})`;
  const rows = await db
    .select({
      id: importRowErrors.id,
      rowNumber: importRowErrors.rowNumber,
      recordKey: importRowErrors.recordKey,
      reason: importRowErrors.reason,
      field: importRowErrors.field,
      message: importRowErrors.message,
    })
    .from(importRowErrors)
    .where(
      and(
        eq(importRowErrors.institutionId, p.institutionId),
        eq(importRowErrors.importId, p.importId),
        p.after ? sql`${key} > (${p.after.rowNumber}, ${p.after.id})` : undefined,
        p.before ? sql`${key} < (${p.before.rowNumber}, ${p.before.id})` : undefined,
      ),
    )
    .orderBy(...(p.before ? [desc(importRowErrors.rowNumber), desc(importRowErrors.id)] : [asc(importRowErrors.rowNumber), asc(importRowErrors.id)]))
    .limit(p.limit);
  return p.before ? rows.reverse() : rows;
}

/** Role codes and phone types of the institution, as rows are checked against them. */
export async function loadImportVocabulary(db: DbOrTx, institutionId: string) {
  const [roles, types, settings] = await Promise.all([
    db.execute<{ code: string; id: string }>(sql`select code, id from security_roles where institution_id = ${institutionId}`),
    db.execute<{ src_system_id: string; id: string }>(sql`select src_system_id, id from phone_types where institution_id = ${institutionId}`),
    db.execute<{ src_system_id: string }>(sql`
      select pt.src_system_id from sms_settings s join phone_types pt on pt.id = s.default_phone_type_id
      where s.institution_id = ${institutionId}`),
  ]);
  return {
    roleIdByCode: new Map(roles.map((r) => [r.code, r.id])),
    phoneTypeIdBySrcId: new Map(types.map((t) => [t.src_system_id, t.id])),
    defaultPhoneTypeSrcId: settings[0]?.src_system_id ?? null,
  };
}

/** Every institution's id and slug (the command line picks the one to import into). */
export function listInstitutionSlugs(db: DbOrTx) {
  return db.execute<{ id: string; slug: string }>(sql`select id, slug from institutions order by slug`);
}

/** The institution's phone types but System (AVISO.SYSTEM), marking the Default SMS Phone Type. */
export async function listHandPhoneTypes(db: DbOrTx, institutionId: string) {
  const rows = await db.execute<{ src_system_id: string; name: string; is_default: boolean }>(sql`
    select pt.src_system_id, pt.name, coalesce(s.default_phone_type_id = pt.id, false) as is_default
    from phone_types pt left join sms_settings s on s.institution_id = pt.institution_id
    where pt.institution_id = ${institutionId} and pt.src_system_id <> 'AVISO.SYSTEM'
    order by pt.name`);
  return rows.map((r) => ({ srcSystemId: r.src_system_id, name: r.name, isDefault: r.is_default }));
}
