import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { loadImportVocabulary } from "@/db/queries/imports";
import { findSisExisting, writeSisBatch, type SisPersonWrite } from "@/db/queries/sis-import";
import type { ImportOrigin } from "@/db/schema/imports";
import { authorize } from "@/lib/auth/policy";
import { parseInput } from "@/lib/parse-input";
import { loadImportResult, type ImportResult } from "./import-summary";
import { openCsv, type OpenFile } from "./read-csv";
import { readJsonRecords } from "./read-json";
import type { RowProblem } from "./row-problems";
import { jsonFieldName } from "./row-problems";
import { isUnchanged } from "./sis-unchanged";
import { parseSisHeader, sisRecordFromCsv } from "./sis-format";
import { buildSisPersonSchema, newSeenInFile, validateSisRow, type ImportRefs, type SisRow } from "./sis-row";
import { runImport, type BatchWriter, type ImportContext, type ParsedRow } from "./run-import";

export const importFileInputSchema = z.object({
  fileName: z.string().trim().min(1, "Required.").max(255),
  /** Default: JSON when the name ends in .json, CSV otherwise. */
  format: z.enum(["CSV", "JSON"]).optional(),
  origin: z.enum(["WEB", "API", "CLI"]),
  /** The Imports page picks the id, so it can poll progress while the upload runs. */
  importId: z.guid("Not an import id.").optional(),
  open: z.custom<OpenFile>((v) => typeof v === "function", "Required."),
  batchSize: z.number().int().min(1).max(5000).optional(),
});
export type ImportFileInput = z.input<typeof importFileInputSchema>;

/** The acting user's id, when an administrator acts; the system (CLI) has none. */
export function requireImporter(ctx: ImportContext): string | null {
  if (ctx.actor.kind === "system") return null;
  authorize(ctx.actor, "imports.run");
  return ctx.actor.userId;
}

export function formatOf(input: { format?: "CSV" | "JSON"; fileName: string }): "CSV" | "JSON" {
  return input.format ?? (/\.json$/i.test(input.fileName) ? "JSON" : "CSV");
}

/** Rows of a CSV or JSON file through `toParsed`; a CSV row with a cell count unlike the header's fails whole. */
export async function readRows<R>(
  format: "CSV" | "JSON",
  open: OpenFile,
  jsonKey: string,
  csv: (header: string[]) => (rowNumber: number, values: string[]) => ParsedRow<R>,
  json: (rowNumber: number, record: unknown) => ParsedRow<R>,
): Promise<{ total: number; rows: AsyncIterable<ParsedRow<R>> }> {
  if (format === "JSON") {
    const records = await readJsonRecords(open, jsonKey);
    return {
      total: records.length,
      rows: (async function* () {
        for (const [i, record] of records.entries()) yield json(i + 1, record);
      })(),
    };
  }
  const file = await openCsv(open);
  const toParsed = csv(file.header);
  const width = file.header.length;
  return {
    total: file.total,
    rows: (async function* () {
      for await (const { rowNumber, values } of file.rows()) {
        if (values.length !== width) {
          const message = `This row has ${values.length} cells; the header has ${width}.`;
          yield { ok: false, failure: { rowNumber, recordKey: null, problems: [{ reason: "BAD_VALUE", field: "row", message }] } };
        } else yield toParsed(rowNumber, values);
      }
    })(),
  };
}

/**
 * Checks a validated batch against the database and writes what differs, set-based: a phone
 * src_system_id held by another person is DUPLICATE, a known phone with a different number is
 * PHONE_NUMBER_CHANGED (a number never changes in place, as on the Profile tab).
 */
function sisWriter(institutionId: string, now: Date): BatchWriter<SisRow> {
  return async (tx, rows) => {
    const existing = await findSisExisting(
      tx,
      institutionId,
      rows.map((r) => r.srcSystemId),
      rows.flatMap((r) => r.phones?.map((p) => p.srcSystemId) ?? []),
    );
    const failures = [];
    const writes: SisPersonWrite[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const current = existing.personBySrcId.get(row.srcSystemId);
      const problems: RowProblem[] = [];
      const phones = row.phones?.map((p, i) => {
        const held = existing.phoneBySrcId.get(p.srcSystemId);
        if (held && held.personId !== current?.id) {
          problems.push({ reason: "DUPLICATE", field: row.phoneFields[i], message: `Phone src_system_id ${p.srcSystemId} belongs to another person.` });
        } else if (held && held.number !== p.number) {
          problems.push({
            reason: "PHONE_NUMBER_CHANGED",
            field: row.phoneFields[i],
            message: `Phone ${p.srcSystemId} is ${held.number}; a number never changes in place — send the new number with a new phone src_system_id.`,
          });
        }
        return { ...p, isNew: !held };
      });
      if (problems.length) {
        failures.push({ rowNumber: row.rowNumber, recordKey: row.srcSystemId, problems });
        continue;
      }
      if (current && isUnchanged(row, current, existing.phoneBySrcId)) {
        unchanged += 1;
        continue;
      }
      const { rowNumber: _r, phoneFields: _f, roleIds, emails, ...person } = row;
      writes.push({ ...person, roleIds, emails, phones, id: current?.id ?? randomUUID(), isNew: !current });
    }
    const { createdIds, updatedIds } = await writeSisBatch(tx, institutionId, writes, now);
    return { created: createdIds.size, updated: updatedIds.size, unchanged: unchanged + writes.length - createdIds.size - updatedIds.size, failures };
  };
}

/**
 * SIS person import (SPEC §8): persons, roles, emails and phones keyed by src_system_id, from
 * CSV or JSON (layout in sis-format.ts). Creates and updates; never sets or resets SMS status
 * or verified; the same file twice changes nothing. Bad rows are reported with the reason and
 * the good rows load. Administrators only (or the system, for `npm run import:sis`).
 */
export async function importSis({ ctx, input }: { ctx: ImportContext; input: ImportFileInput }): Promise<ImportResult> {
  const userId = requireImporter(ctx);
  const data = parseInput(importFileInputSchema, input);
  const institutionId = ctx.actor.institutionId;
  const format = formatOf(data);

  const importId = await runImport<SisRow>(
    ctx.db,
    { id: data.importId, institutionId, kind: "SIS", format, origin: data.origin as ImportOrigin, fileName: data.fileName, createdByUserId: userId, now: ctx.now },
    {
      open: async () => {
        const vocabulary = await loadImportVocabulary(ctx.db, institutionId);
        const refs: ImportRefs = vocabulary;
        const schema = buildSisPersonSchema(refs);
        const seen = newSeenInFile();
        const parsed = (rowNumber: number, record: unknown, fieldName = jsonFieldName): ParsedRow<SisRow> => {
          const result = validateSisRow(rowNumber, record, fieldName, schema, refs, seen);
          return result.ok ? result : { ok: false, failure: { rowNumber, recordKey: result.recordKey, problems: result.problems } };
        };
        return readRows<SisRow>(
          format,
          data.open,
          "persons",
          (header) => {
            const layout = parseSisHeader(header);
            return (rowNumber, values) => {
              const { record, fieldName } = sisRecordFromCsv(layout, values);
              return parsed(rowNumber, record, fieldName);
            };
          },
          (rowNumber, record) => parsed(rowNumber, record),
        );
      },
      write: sisWriter(institutionId, ctx.now),
      keyOf: (row) => row.srcSystemId,
    },
    data.batchSize,
  );
  return loadImportResult(ctx.db, institutionId, importId);
}
