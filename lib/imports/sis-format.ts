import { AppError } from "@/lib/errors";
import { csvBoolean, csvList } from "./fields";
import type { FieldNamer } from "./row-problems";

/**
 * The SIS person file (SPEC §8): one row (CSV) or one object (JSON) per person, keyed by the
 * person's src_system_id. The same layout is documented on the Imports page and in OpenAPI.
 */

export type ColumnDoc = { name: string; required: boolean; description: string };

/** CSV columns, in the order the Imports page documents them. */
export const SIS_CSV_COLUMNS: readonly ColumnDoc[] = [
  { name: "src_system_id", required: true, description: "The person's id in the SIS; the key that makes a row create or update." },
  { name: "first_name", required: true, description: "At most 200 characters." },
  { name: "last_name", required: true, description: "At most 200 characters." },
  { name: "preferred_name", required: false, description: "Blank clears it." },
  { name: "time_zone", required: false, description: "IANA zone, e.g. America/Chicago; quiet hours follow it. Blank clears it." },
  { name: "state", required: false, description: "USPS code of a US state, DC or territory, e.g. TX; its quiet-hours rules apply. Blank clears it." },
  { name: "deleted", required: false, description: "true/false (yes/no, 1/0). Blank is false." },
  { name: "roles", required: false, description: "Security role codes separated by ; (e.g. STUDENT;COACH). Replaces the person's roles." },
  { name: "emails", required: false, description: "Addresses separated by ; — the first is primary. Replaces the person's emails." },
  {
    name: "phone_N_number, phone_N_type, phone_N_src_system_id",
    required: false,
    description:
      "One group per phone, N = 1, 2, 3, …: the number as typed, the phone type's src_system_id (CELL, HOME, …) and the phone's own src_system_id. A group left blank is no phone.",
  },
];

/** The rules every SIS row follows, shown on the Imports page and in the API description. */
export const SIS_RULES: readonly string[] = [
  "A row whose src_system_id is new creates the person (source SIS); an existing one is updated.",
  "A column the file leaves out is left alone; a column it has is the truth (blank means none).",
  "With phone columns, the listed phones are the person's SIS phones: a phone whose src_system_id is no longer listed is marked deleted; phones without a src_system_id (prospect or manual entries) and system numbers are kept.",
  "SMS status and verified are never set or reset: new phones start SMS Default and unverified, existing ones keep theirs.",
  "A phone's number never changes in place: a new number needs a new phone src_system_id (PHONE_NUMBER_CHANGED).",
  "A src_system_id listed twice in the file, or a phone src_system_id belonging to another person, is DUPLICATE.",
  "Each row is all or nothing; bad rows are reported with the reason and the good rows still load. Importing the same file again changes nothing.",
];

const SINGLE_COLUMNS = {
  src_system_id: "srcSystemId",
  first_name: "firstName",
  last_name: "lastName",
  preferred_name: "preferredName",
  time_zone: "timeZone",
  state: "state",
  deleted: "deleted",
  roles: "roles",
  emails: "emails",
} as const;
type SingleColumn = keyof typeof SINGLE_COLUMNS;
const REQUIRED: readonly SingleColumn[] = ["src_system_id", "first_name", "last_name"];

const PHONE_COLUMN = /^phone_([1-9][0-9]?)_(number|type|src_system_id)$/;
const PHONE_PARTS = ["number", "type", "src_system_id"] as const;

export type SisCsvLayout = {
  single: Partial<Record<SingleColumn, number>>;
  /** Phone groups in N order: the column index of each part. */
  phones: { n: number; number: number; type: number; srcSystemId: number }[];
  width: number;
};

/** Header names are compared trimmed and lower-cased. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Reads the header of a SIS CSV. A missing required column, an unknown or repeated column, or
 * an incomplete phone group refuses the whole file before any row is read (VALIDATION).
 */
export function parseSisHeader(header: readonly string[]): SisCsvLayout {
  const single: Partial<Record<SingleColumn, number>> = {};
  const groups = new Map<number, Partial<Record<(typeof PHONE_PARTS)[number], number>>>();
  const problems: string[] = [];
  const seen = new Set<string>();
  header.map(normalizeHeader).forEach((name, i) => {
    if (seen.has(name)) problems.push(`Column "${name}" appears twice.`);
    seen.add(name);
    const phone = PHONE_COLUMN.exec(name);
    if (phone) {
      const group = groups.get(Number(phone[1])) ?? {};
      group[phone[2] as (typeof PHONE_PARTS)[number]] = i;
      groups.set(Number(phone[1]), group);
    } else if (name in SINGLE_COLUMNS) single[name as SingleColumn] = i;
    else problems.push(`Unknown column "${name}".`);
  });
  for (const name of REQUIRED) if (single[name] === undefined) problems.push(`The column "${name}" is missing.`);
  const phones = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, g]) => {
      const missing = PHONE_PARTS.filter((p) => g[p] === undefined);
      if (missing.length) problems.push(`Phone ${n} needs ${missing.map((p) => `phone_${n}_${p}`).join(", ")}.`);
      return { n, number: g.number ?? -1, type: g.type ?? -1, srcSystemId: g.src_system_id ?? -1 };
    });
  if (problems.length) throw new AppError("VALIDATION", `The header is not a SIS person file: ${problems.join(" ")}`);
  return { single, phones, width: header.length };
}

/**
 * One CSV row as the JSON shape the SIS row schema reads, and a namer that reports problems by
 * CSV column. Columns the header lacks stay absent (left alone); blank phone groups are skipped.
 */
export function sisRecordFromCsv(layout: SisCsvLayout, values: readonly string[]): { record: Record<string, unknown>; fieldName: FieldNamer } {
  const record: Record<string, unknown> = {};
  const cell = (i: number) => values[i] ?? "";
  for (const [column, i] of Object.entries(layout.single) as [SingleColumn, number][]) {
    const key = SINGLE_COLUMNS[column];
    if (column === "roles" || column === "emails") record[key] = csvList(cell(i));
    else if (column === "deleted") record[key] = csvBoolean(cell(i));
    else record[key] = cell(i);
  }
  const groupOfIndex: number[] = [];
  if (layout.phones.length) {
    const phones: Record<string, string>[] = [];
    for (const g of layout.phones) {
      const phone = { number: cell(g.number), phoneTypeSrcSystemId: cell(g.type), srcSystemId: cell(g.srcSystemId) };
      if (Object.values(phone).every((v) => v.trim() === "")) continue;
      groupOfIndex.push(g.n);
      phones.push(phone);
    }
    record.phones = phones;
  }
  const columnOf: Record<string, string> = Object.fromEntries(Object.entries(SINGLE_COLUMNS).map(([col, key]) => [key, col]));
  const phonePart: Record<string, string> = { number: "number", phoneTypeSrcSystemId: "type", srcSystemId: "src_system_id" };
  const fieldName: FieldNamer = (path) => {
    const [head, index, part] = path;
    if (head === "phones" && typeof index === "number") {
      const n = groupOfIndex[index];
      return part === undefined ? `phone_${n}` : `phone_${n}_${phonePart[String(part)] ?? String(part)}`;
    }
    return head === undefined ? "row" : (columnOf[String(head)] ?? String(head));
  };
  return { record, fieldName };
}

/** The layout and rules as Markdown, for the OpenAPI description. */
export function describeSisFormat(): string {
  const columns = SIS_CSV_COLUMNS.map((c) => `- \`${c.name}\`${c.required ? " (required)" : ""}: ${c.description}`).join("\n");
  return `CSV: a header row, then one row per person. Column names are case-insensitive; an unknown column refuses the file.\n\n${columns}\n\nRules:\n\n${SIS_RULES.map((r) => `- ${r}`).join("\n")}`;
}
