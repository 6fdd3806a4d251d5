import type { z } from "zod";
import type { ImportRowReason } from "@/db/schema/imports";
import { fieldPath } from "@/lib/parse-input";

/** Why one row of an import was not loaded: the reason code, the column at fault, a readable message. */
export type RowProblem = { reason: ImportRowReason; field: string | null; message: string };

/** A row's problems, for the report; a row with any problem writes nothing (SPEC §8). */
export type RowFailure = { rowNumber: number; recordKey: string | null; problems: RowProblem[] };

/** Names a field of a row: a CSV column (`phone_2_number`) or a JSON path (`phones[1].number`). */
export type FieldNamer = (path: readonly PropertyKey[]) => string;

export const jsonFieldName: FieldNamer = (path) => (path.length ? fieldPath(path) : "row");

/** The message our schemas give a blank or absent required value. */
export const REQUIRED_MESSAGE = "Required.";

/**
 * zod issues as row problems: a blank required value is MISSING_FIELD, an issue carrying
 * `params.reason` (the phone parser's BAD_PHONE) keeps that reason, anything else is BAD_VALUE.
 */
export function problemsFromZod(error: z.ZodError, fieldName: FieldNamer): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push({ reason: "BAD_VALUE", field: fieldName([...issue.path, key]), message: "Unknown field." });
      continue;
    }
    const params = (issue as { params?: { reason?: ImportRowReason } }).params;
    const reason = params?.reason ?? (issue.message === REQUIRED_MESSAGE ? "MISSING_FIELD" : "BAD_VALUE");
    problems.push({ reason, field: fieldName(issue.path), message: issue.message });
  }
  return problems;
}
