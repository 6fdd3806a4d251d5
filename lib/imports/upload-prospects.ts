import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { loadImportVocabulary } from "@/db/queries/imports";
import { findProspectCandidates, writeProspectBatch, type ProspectWrite } from "@/db/queries/prospect-import";
import type { ImportOrigin } from "@/db/schema/imports";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import { importFileInputSchema, readRows, requireImporter, type ImportFileInput } from "./import-sis";
import { loadImportResult, type ImportResult } from "./import-summary";
import {
  newProspectSeen,
  parseProspectHeader,
  prospectCsvFieldName,
  prospectRecordFromCsv,
  validateProspectRow,
  type ProspectRefs,
  type ProspectRow,
} from "./prospect-row";
import type { RowFailure } from "./row-problems";
import { jsonFieldName, type FieldNamer } from "./row-problems";
import { runImport, type BatchWriter, type ImportContext, type ParsedRow } from "./run-import";

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;

/**
 * Matches each prospect to a person (SPEC §8): by src_system_id when the row has one; else the
 * only person with its email (several → DUPLICATE); else a person with the same name and that
 * phone number. Unmatched rows become new persons. The phone is added, or verified when the
 * person has it unverified, by the uploader now; a verified phone is left as it is.
 */
function prospectWriter(institutionId: string, uploaderUserId: string, now: Date): BatchWriter<ProspectRow> {
  return async (tx, rows) => {
    const c = await findProspectCandidates(tx, institutionId, {
      srcIds: rows.flatMap((r) => r.srcSystemId ?? []),
      emails: rows.flatMap((r) => r.email ?? []),
      numbers: rows.map((r) => r.number),
    });
    const failures: RowFailure[] = [];
    const writes: ProspectWrite[] = [];
    let created = 0;
    let updated = 0;
    for (const row of rows) {
      let personId: string | undefined;
      if (row.srcSystemId) personId = c.personIdBySrcId.get(row.srcSystemId);
      else {
        const byEmail = row.email ? (c.personIdsByEmail.get(row.email) ?? []) : [];
        if (byEmail.length > 1) {
          failures.push({
            rowNumber: row.rowNumber,
            recordKey: `${row.firstName} ${row.lastName}`,
            problems: [{ reason: "DUPLICATE", field: "email", message: `${byEmail.length} people have the email ${row.email}; add a src_system_id to say which.` }],
          });
          continue;
        }
        personId =
          byEmail[0] ??
          c.phones.find((p) => !p.personDeleted && p.number === row.number && sameName(p.firstName, row.firstName) && sameName(p.lastName, row.lastName))
            ?.personId;
      }
      const existingPhone = personId ? c.phones.find((p) => p.personId === personId && p.number === row.number) : undefined;
      const phone =
        existingPhone?.verified === true
          ? null
          : { phoneId: existingPhone?.id ?? null, number: row.number, phoneTypeId: row.phoneTypeId, phoneTypeSrcSystemId: row.phoneTypeSrcSystemId };
      if (!personId) created += 1;
      else if (phone) updated += 1;
      writes.push({
        personId: personId ?? randomUUID(),
        newPerson: personId
          ? null
          : { firstName: row.firstName, lastName: row.lastName, srcSystemId: row.srcSystemId, email: row.email, roleId: row.roleId },
        phone,
      });
    }
    await writeProspectBatch(tx, institutionId, writes, uploaderUserId, now);
    return { created, updated, unchanged: writes.length - created - updated, failures };
  };
}

function requireUploader(ctx: ImportContext): string {
  const userId = requireImporter(ctx);
  if (!userId) throw new AppError("FORBIDDEN", "A prospect upload needs a signed-in administrator: their phones are verified by the uploader.");
  return userId;
}

async function runProspects(
  ctx: ImportContext,
  uploaderUserId: string,
  record: { importId?: string; format: "CSV" | "FORM"; origin: ImportOrigin; fileName: string; batchSize?: number },
  rows: (toParsed: (rowNumber: number, raw: unknown, fieldName: FieldNamer) => ParsedRow<ProspectRow>) => Promise<{
    total: number;
    rows: AsyncIterable<ParsedRow<ProspectRow>>;
  }>,
): Promise<ImportResult> {
  const institutionId = ctx.actor.institutionId;
  const importId = await runImport<ProspectRow>(
    ctx.db,
    { id: record.importId, institutionId, kind: "PROSPECT", format: record.format, origin: record.origin, fileName: record.fileName, createdByUserId: uploaderUserId, now: ctx.now },
    {
      open: async () => {
        const vocabulary = await loadImportVocabulary(ctx.db, institutionId);
        const refs: ProspectRefs = { ...vocabulary, defaultPhoneTypeSrcId: vocabulary.defaultPhoneTypeSrcId ?? "CELL" };
        const seen = newProspectSeen();
        return rows((rowNumber, raw, fieldName) => {
          const result = validateProspectRow(rowNumber, raw, fieldName, refs, seen);
          return result.ok ? result : { ok: false, failure: { rowNumber, recordKey: result.recordKey, problems: result.problems } };
        });
      },
      write: prospectWriter(institutionId, uploaderUserId, ctx.now),
      keyOf: (row) => row.srcSystemId ?? `${row.firstName} ${row.lastName}`,
    },
    record.batchSize,
  );
  return loadImportResult(ctx.db, institutionId, importId);
}

/**
 * Prospect upload from a CSV file (SPEC §8; columns in prospect-row.ts): prospective students
 * whose phones are marked verified by the uploader at upload time, with history. Bad rows are
 * reported with the reason; good rows load. Administrators only.
 */
export async function uploadProspects({ ctx, input }: { ctx: ImportContext; input: ImportFileInput }): Promise<ImportResult> {
  const uploaderUserId = requireUploader(ctx);
  const data = parseInput(importFileInputSchema, input);
  if (data.format === "JSON") throw new AppError("VALIDATION", "Prospect files are CSV.", { format: "Prospect files are CSV." });
  return runProspects(ctx, uploaderUserId, { ...data, format: "CSV" }, (toParsed) =>
    readRows<ProspectRow>(
      "CSV",
      data.open,
      "prospects",
      (header) => {
        const layout = parseProspectHeader(header);
        return (rowNumber, values) => toParsed(rowNumber, prospectRecordFromCsv(layout, values), prospectCsvFieldName);
      },
      (rowNumber, record) => toParsed(rowNumber, record, jsonFieldName),
    ),
  );
}

export const prospectFormSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string(),
  phoneType: z.string().optional(),
  email: z.string().optional(),
  srcSystemId: z.string().optional(),
  role: z.string().optional(),
});

/**
 * The manual prospect form: one prospect, recorded as an import (format FORM) like a file of
 * one row. Problems come back as field errors keyed like the form's inputs; a form that fails
 * its checks records nothing and writes nothing.
 */
export async function addProspect({ ctx, input }: { ctx: { db: ImportContext["db"]; actor: Actor; now: Date }; input: unknown }): Promise<ImportResult> {
  const uploaderUserId = requireUploader(ctx);
  const data = parseInput(prospectFormSchema, input);
  const vocabulary = await loadImportVocabulary(ctx.db, ctx.actor.institutionId);
  const refs: ProspectRefs = { ...vocabulary, defaultPhoneTypeSrcId: vocabulary.defaultPhoneTypeSrcId ?? "CELL" };
  const checked = validateProspectRow(1, data, jsonFieldName, refs, newProspectSeen());
  if (!checked.ok) throw fieldProblems(checked.problems);

  const result = await runProspects(ctx, uploaderUserId, { format: "FORM", origin: "WEB", fileName: "Prospect form" }, async (toParsed) => ({
    total: 1,
    rows: (async function* () {
      yield toParsed(1, data, jsonFieldName);
    })(),
  }));
  if (result.failed) throw fieldProblems(result.rowErrors);
  return result;
}

function fieldProblems(problems: { field: string | null; message: string }[]) {
  const fields = Object.fromEntries(problems.map((p) => [p.field ?? "body", p.message]));
  return new AppError("VALIDATION", problems[0]?.message ?? "The prospect was not added.", fields);
}
