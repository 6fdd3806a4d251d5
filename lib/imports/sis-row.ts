import { z } from "zod";
import { isSafeLine } from "@/lib/validation/text";
import type { SisPerson } from "@/db/queries/sis-import";
import { SYSTEM_PHONE_SRC_SUFFIX, SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";
import { clearableState, clearableText, clearableTimeZone, emailAddress, phoneNumber, requiredText } from "./fields";
import { problemsFromZod, type FieldNamer, type RowProblem } from "./row-problems";

/** The institution's vocabulary a row is checked against: role codes and phone types. */
export type ImportRefs = {
  roleIdByCode: ReadonlyMap<string, string>;
  phoneTypeIdBySrcId: ReadonlyMap<string, string>;
};

const roleCode = (refs?: ImportRefs) =>
  refs
    ? requiredText(100).refine((code) => refs.roleIdByCode.has(code), {
        error: (issue) => `Unknown role code "${String(issue.input)}".`,
        params: { reason: "UNKNOWN_ROLE" },
      })
    : requiredText(100);

const phoneType = (refs?: ImportRefs) =>
  refs
    ? requiredText(100)
        .refine((src) => refs.phoneTypeIdBySrcId.has(src), {
          error: (issue) => `Unknown phone type "${String(issue.input)}".`,
          params: { reason: "UNKNOWN_PHONE_TYPE" },
        })
        .refine((src) => src !== SYSTEM_PHONE_TYPE_SRC_ID, {
          error: "System numbers are assigned by the app; they can't be imported.",
          params: { reason: "UNKNOWN_PHONE_TYPE" },
        })
    : requiredText(100);

/**
 * One person of a SIS file as JSON; a CSV row is read into this same shape (sis-format.ts).
 * Given the institution's refs, role codes and phone types are checked field by field, so a
 * row reports all its problems at once.
 */
export function buildSisPersonSchema(refs?: ImportRefs) {
  return z
    .object({
      srcSystemId: requiredText(200).describe("The person's id in the SIS: the key that makes the row create or update."),
      firstName: requiredText(200),
      lastName: requiredText(200),
      preferredName: clearableText(200).optional().describe("Absent: left alone; null or blank: cleared."),
      timeZone: clearableTimeZone.optional().describe("IANA zone (e.g. America/Chicago). Absent: left alone; null or blank: cleared."),
      state: clearableState.optional().describe("USPS code of a US state, DC or territory (e.g. TX). Absent: left alone; null or blank: cleared."),
      deleted: z.boolean({ error: "Must be true or false." }).optional().describe("Absent: left alone."),
      roles: z
        .array(roleCode(refs))
        .max(50, "At most 50 roles.")
        .optional()
        .describe("Security role codes; replaces the person's roles. Absent: left alone."),
      emails: z
        .array(emailAddress)
        .max(20, "At most 20 emails.")
        .superRefine((emails, ctx) => {
          emails.forEach((email, i) => {
            if (emails.indexOf(email) !== i) {
              ctx.addIssue({ code: "custom", path: [i], message: `${email} is listed twice.`, params: { reason: "DUPLICATE" } });
            }
          });
        })
        .optional()
        .describe("The first is primary; replaces the person's emails. Absent: left alone."),
      phones: z
        .array(
          z
            .object({
              srcSystemId: requiredText(200)
                .refine((src) => !src.endsWith(SYSTEM_PHONE_SRC_SUFFIX), `Source ids ending in ${SYSTEM_PHONE_SRC_SUFFIX} are reserved for system numbers.`)
                .describe("The phone's own id in the SIS."),
              number: phoneNumber,
              phoneTypeSrcSystemId: phoneType(refs).describe("src_system_id of one of the institution's phone types (CELL, HOME, …)."),
            })
            .strict(),
        )
        .max(20, "At most 20 phones.")
        .optional()
        .describe(
          "The person's SIS phones: listed ones are added or updated, ones with a src_system_id no longer listed are marked deleted. Absent: left alone. SMS status and verified are never set.",
        ),
    })
    .strict();
}

export const sisPersonSchema = buildSisPersonSchema();

export type SisPersonInput = z.input<typeof sisPersonSchema>;

/** A SIS row that passed every check that doesn't need the database: the person, and where it came from. */
export type SisRow = SisPerson & {
  rowNumber: number;
  /** Column names of the phones, for problems found against the database. */
  phoneFields: string[];
};

/** What earlier rows of the same file used: a src_system_id may appear on one row only. */
export type SeenInFile = { persons: Map<string, number>; phones: Map<string, number> };

export function newSeenInFile(): SeenInFile {
  return { persons: new Map(), phones: new Map() };
}

/**
 * Checks one SIS row (SPEC §8) without the database: its fields, role codes and phone types
 * (through `schema`, built with the institution's refs), and duplicates within the row and
 * against earlier rows of the file. Earlier rows' keys are recorded in `seen` even when this row fails, so a later
 * row with the same key is still a duplicate.
 */
export function validateSisRow(
  rowNumber: number,
  raw: unknown,
  fieldName: FieldNamer,
  schema: ReturnType<typeof buildSisPersonSchema>,
  refs: ImportRefs,
  seen: SeenInFile,
): { ok: true; row: SisRow } | { ok: false; recordKey: string | null; problems: RowProblem[] } {
  // A key with control characters is no key: it is reported as the srcSystemId problem, never stored.
  const keyOf = (value: unknown) => (typeof value === "string" && value.trim() && isSafeLine(value) ? value.trim() : null);
  const rawKey = keyOf((raw as { srcSystemId?: unknown } | null)?.srcSystemId);
  const problems: RowProblem[] = [];

  if (rawKey) {
    const first = seen.persons.get(rawKey);
    if (first !== undefined) {
      problems.push({ reason: "DUPLICATE", field: fieldName(["srcSystemId"]), message: `src_system_id ${rawKey} is already on row ${first}.` });
    } else seen.persons.set(rawKey, rowNumber);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, recordKey: rawKey, problems: [...problems, ...problemsFromZod(parsed.error, fieldName)] };
  const data = parsed.data;

  data.phones?.forEach((p, i) => {
    const first = seen.phones.get(p.srcSystemId);
    if (first !== undefined) {
      const where = first === rowNumber ? "listed twice in this row" : `already on row ${first}`;
      problems.push({ reason: "DUPLICATE", field: fieldName(["phones", i, "srcSystemId"]), message: `Phone src_system_id ${p.srcSystemId} is ${where}.` });
    } else seen.phones.set(p.srcSystemId, rowNumber);
  });
  if (problems.length) return { ok: false, recordKey: data.srcSystemId, problems };

  return {
    ok: true,
    row: {
      rowNumber,
      srcSystemId: data.srcSystemId,
      firstName: data.firstName,
      lastName: data.lastName,
      ...(data.preferredName !== undefined ? { preferredName: data.preferredName } : {}),
      ...(data.timeZone !== undefined ? { timeZone: data.timeZone } : {}),
      ...(data.state !== undefined ? { state: data.state } : {}),
      ...(data.deleted !== undefined ? { deleted: data.deleted } : {}),
      ...(data.roles ? { roleIds: [...new Set(data.roles.map((code) => refs.roleIdByCode.get(code)!))] } : {}),
      ...(data.emails ? { emails: data.emails } : {}),
      ...(data.phones
        ? {
            phones: data.phones.map((p) => ({
              srcSystemId: p.srcSystemId,
              number: p.number,
              phoneTypeId: refs.phoneTypeIdBySrcId.get(p.phoneTypeSrcSystemId)!,
              phoneTypeSrcSystemId: p.phoneTypeSrcSystemId,
            })),
          }
        : {}),
      phoneFields: (data.phones ?? []).map((_, i) => fieldName(["phones", i, "srcSystemId"])),
    },
  };
}

/** The JSON body of POST /api/v1/imports/sis (a JSON file may also be a bare array). */
export const sisImportBodySchema = z.object({ persons: z.array(sisPersonSchema).describe("One object per person; row numbers count from 1.") }).strict();

export const sisImportQuerySchema = z.object({
  fileName: z.string().trim().min(1).max(255).optional().describe("Recorded with the import (Administration → Imports). Default: api.csv or api.json."),
  importId: z
    .guid("Not an import id.")
    .optional()
    .describe("A new UUID for the import, chosen by you: if the answer is lost, GET /imports/{importId} tells whether it finished. An id already used answers 409."),
});
