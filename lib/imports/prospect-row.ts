import { z } from "zod";
import { isSafeLine } from "@/lib/validation/text";
import { AppError } from "@/lib/errors";
import { SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";
import { clearableText, emailAddress, phoneNumber, requiredText } from "./fields";
import { normalizeHeader, type ColumnDoc } from "./sis-format";
import { problemsFromZod, type FieldNamer, type RowProblem } from "./row-problems";

/**
 * A prospective student (SPEC §8 prospect upload): one CSV row or one manual entry. Their phone
 * is marked verified at upload, by the uploader.
 */

export const PROSPECT_CSV_COLUMNS: readonly ColumnDoc[] = [
  { name: "first_name", required: true, description: "At most 200 characters." },
  { name: "last_name", required: true, description: "At most 200 characters." },
  { name: "phone", required: true, description: "The number as typed; marked verified by you, now." },
  { name: "phone_type", required: false, description: "A phone type's src_system_id (CELL, HOME, …). Blank: the Default SMS Phone Type." },
  { name: "email", required: false, description: "Becomes the primary email of a new person." },
  { name: "src_system_id", required: false, description: "The prospect's id, when your CRM has one." },
  { name: "role", required: false, description: "A security role code. Blank: PROSPECT." },
];

export const PROSPECT_RULES: readonly string[] = [
  "A row with a src_system_id is matched to the person with that src_system_id; a row without one to the only person with its email, else to a person with the same name and phone number. Otherwise a new person (source PROSPECT) is created.",
  "An existing person keeps their name, emails and roles; the phone is added if they don't have it.",
  "The phone is marked verified by you, now, with a history entry; a phone that is already verified is left as it is.",
  "A src_system_id, email or phone number that an earlier row of the file already used is DUPLICATE.",
];

export const prospectSchema = z
  .object({
    firstName: requiredText(200),
    lastName: requiredText(200),
    phone: phoneNumber,
    phoneType: clearableText(100).optional(),
    email: z
      .union([z.literal("").transform(() => null), z.null(), emailAddress])
      .optional(),
    srcSystemId: clearableText(200).optional(),
    role: clearableText(100).optional(),
  })
  .strict();

export type ProspectInput = z.input<typeof prospectSchema>;

export type ProspectRow = {
  rowNumber: number;
  firstName: string;
  lastName: string;
  number: string;
  phoneTypeId: string;
  phoneTypeSrcSystemId: string;
  email: string | null;
  srcSystemId: string | null;
  roleId: string;
};

export type ProspectRefs = {
  roleIdByCode: ReadonlyMap<string, string>;
  phoneTypeIdBySrcId: ReadonlyMap<string, string>;
  /** src_system_id of the Default SMS Phone Type, else CELL. */
  defaultPhoneTypeSrcId: string;
};

export type ProspectSeen = { srcIds: Map<string, number>; emails: Map<string, number>; numbers: Map<string, number> };

export function newProspectSeen(): ProspectSeen {
  return { srcIds: new Map(), emails: new Map(), numbers: new Map() };
}

const COLUMN_KEYS: Record<string, keyof ProspectInput> = {
  first_name: "firstName",
  last_name: "lastName",
  phone: "phone",
  phone_type: "phoneType",
  email: "email",
  src_system_id: "srcSystemId",
  role: "role",
};
const KEY_COLUMNS = Object.fromEntries(Object.entries(COLUMN_KEYS).map(([c, k]) => [k, c]));

export type ProspectCsvLayout = { columns: [key: keyof ProspectInput, index: number][] };

/** The prospect CSV header; missing required, unknown or repeated columns refuse the file. */
export function parseProspectHeader(header: readonly string[]): ProspectCsvLayout {
  const problems: string[] = [];
  const columns: [keyof ProspectInput, number][] = [];
  const seen = new Set<string>();
  header.map(normalizeHeader).forEach((name, i) => {
    if (seen.has(name)) problems.push(`Column "${name}" appears twice.`);
    seen.add(name);
    const key = COLUMN_KEYS[name];
    if (key) columns.push([key, i]);
    else problems.push(`Unknown column "${name}".`);
  });
  for (const col of PROSPECT_CSV_COLUMNS) if (col.required && !seen.has(col.name)) problems.push(`The column "${col.name}" is missing.`);
  if (problems.length) throw new AppError("VALIDATION", `The header is not a prospect file: ${problems.join(" ")}`);
  return { columns };
}

export function prospectRecordFromCsv(layout: ProspectCsvLayout, values: readonly string[]) {
  return Object.fromEntries(layout.columns.map(([key, i]) => [key, values[i] ?? ""]));
}

export const prospectCsvFieldName: FieldNamer = (path) => (path.length ? (KEY_COLUMNS[String(path[0])] ?? String(path[0])) : "row");

/**
 * Checks one prospect without the database: fields, role and phone type against the
 * institution's, and duplicates against earlier rows of the file (src_system_id, email, number).
 */
export function validateProspectRow(
  rowNumber: number,
  raw: unknown,
  fieldName: FieldNamer,
  refs: ProspectRefs,
  seen: ProspectSeen,
): { ok: true; row: ProspectRow } | { ok: false; recordKey: string | null; problems: RowProblem[] } {
  const parsed = prospectSchema.safeParse(raw);
  const r = raw as { firstName?: unknown; lastName?: unknown } | null;
  const rawName = [r?.firstName, r?.lastName].filter((v) => typeof v === "string" && v.trim() && isSafeLine(v)).join(" ") || null;
  if (!parsed.success) return { ok: false, recordKey: rawName, problems: problemsFromZod(parsed.error, fieldName) };
  const data = parsed.data;
  const problems: RowProblem[] = [];

  const roleCode = data.role ?? "PROSPECT";
  const roleId = refs.roleIdByCode.get(roleCode);
  if (!roleId) problems.push({ reason: "UNKNOWN_ROLE", field: fieldName(["role"]), message: `Unknown role code "${roleCode}".` });
  const typeSrcId = data.phoneType ?? refs.defaultPhoneTypeSrcId;
  const phoneTypeId = refs.phoneTypeIdBySrcId.get(typeSrcId);
  if (!phoneTypeId || typeSrcId === SYSTEM_PHONE_TYPE_SRC_ID) {
    problems.push({
      reason: "UNKNOWN_PHONE_TYPE",
      field: fieldName(["phoneType"]),
      message: phoneTypeId ? "System numbers are assigned by the app; they can't be uploaded." : `Unknown phone type "${typeSrcId}".`,
    });
  }
  const duplicate = (map: Map<string, number>, value: string | null | undefined, field: string, label: string) => {
    if (!value) return;
    const first = map.get(value);
    if (first !== undefined) problems.push({ reason: "DUPLICATE", field: fieldName([field]), message: `${label} ${value} is already on row ${first}.` });
    else map.set(value, rowNumber);
  };
  duplicate(seen.srcIds, data.srcSystemId, "srcSystemId", "src_system_id");
  duplicate(seen.emails, data.email, "email", "Email");
  duplicate(seen.numbers, data.phone, "phone", "Phone number");
  const recordKey = data.srcSystemId ?? `${data.firstName} ${data.lastName}`;
  if (problems.length) return { ok: false, recordKey, problems };
  return {
    ok: true,
    row: {
      rowNumber,
      firstName: data.firstName,
      lastName: data.lastName,
      number: data.phone,
      phoneTypeId: phoneTypeId!,
      phoneTypeSrcSystemId: typeSrcId,
      email: data.email ?? null,
      srcSystemId: data.srcSystemId ?? null,
      roleId: roleId!,
    },
  };
}
