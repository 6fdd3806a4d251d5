import "server-only";
import { z } from "zod";
import { findImport, listHandPhoneTypes, listImportRowErrors, listRecentImports } from "@/db/queries/imports";
import { authorize } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { loadImportResult, toImportSummary, type ImportResult, type ImportRowErrorDto, type ImportSummary } from "./import-summary";

function requireAdmin(ctx: ServiceContext) {
  authorize(ctx.actor, "imports.read");
}

const importIdSchema = z.object({ importId: z.guid("Not an import id.") });

/** One import of the actor's institution, with its progress (another institution's id: NOT_FOUND). */
export async function getImport({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ImportSummary> {
  requireAdmin(ctx);
  const { importId } = parseInput(importIdSchema, input);
  const row = await findImport(ctx.db, ctx.actor.institutionId, importId);
  if (!row) throw new AppError("NOT_FOUND", "No such import.");
  return toImportSummary(row);
}

/**
 * One import of the actor's institution with its first row problems, as the REST API answers
 * it: a client that lost the upload's answer reads here whether it finished or was INTERRUPTED.
 */
export async function getImportResult({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ImportResult> {
  requireAdmin(ctx);
  const { importId } = parseInput(importIdSchema, input);
  return loadImportResult(ctx.db, ctx.actor.institutionId, importId);
}

/** The institution's latest imports, newest first. */
export async function listImports({ ctx, limit = 20 }: { ctx: ServiceContext; limit?: number }): Promise<ImportSummary[]> {
  requireAdmin(ctx);
  return (await listRecentImports(ctx.db, ctx.actor.institutionId, limit)).map(toImportSummary);
}

const rowErrorsInputSchema = importIdSchema.extend({
  cursor: z
    .string()
    .regex(/^[ab]\d+\.\d+$/, "Not a cursor.")
    .optional()
    .describe("nextCursor or prevCursor of a previous page."),
  limit: z.number().int().min(1).max(500).default(100),
});

export type RowErrorsPage = { items: ImportRowErrorDto[]; nextCursor: string | null; prevCursor: string | null };

/** One keyset page of an import's row problems in file order, with Previous / Next cursors. */
export async function listRowErrors({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<RowErrorsPage> {
  requireAdmin(ctx);
  const { importId, cursor, limit } = parseInput(rowErrorsInputSchema, input);
  const backwards = cursor?.startsWith("b") ?? false;
  const key = cursor ? (([rowNumber, id]) => ({ rowNumber, id }))(cursor.slice(1).split(".").map(Number)) : undefined;
  const rows = await listImportRowErrors(ctx.db, {
    institutionId: ctx.actor.institutionId,
    importId,
    ...(backwards ? { before: key } : { after: key }),
    limit: limit + 1,
  });
  const more = rows.length > limit;
  const items = backwards ? rows.slice(more ? 1 : 0) : rows.slice(0, limit);
  const first = items.at(0);
  const last = items.at(-1);
  const hasPrev = backwards ? more : cursor !== undefined;
  const hasNext = backwards ? true : more;
  return {
    items: items.map(({ id: _id, ...e }) => ({ ...e, reason: e.reason as ImportRowErrorDto["reason"] })),
    prevCursor: hasPrev && first ? `b${first.rowNumber}.${first.id}` : null,
    nextCursor: hasNext && last ? `a${last.rowNumber}.${last.id}` : null,
  };
}

/** Phone types a prospect may be given by hand (not System), for the prospect form. */
export async function listProspectPhoneTypes({ ctx }: { ctx: ServiceContext }) {
  requireAdmin(ctx);
  return listHandPhoneTypes(ctx.db, ctx.actor.institutionId);
}
