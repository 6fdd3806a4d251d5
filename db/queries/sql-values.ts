import { sql } from "drizzle-orm";

/**
 * A timestamp parameter for raw SQL. drizzle sets postgres.js up to leave dates unserialized,
 * so a bare Date in a `sql` template fails to bind; an ISO string with a cast does not.
 */
export function ts(date: Date) {
  return sql`${date.toISOString()}::timestamptz`;
}

/** A uuid[] parameter for `= any(...)`. */
export function uuidArray(ids: readonly string[]) {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/** A bigint[] parameter for `= any(...)`. */
export function bigintArray(ids: readonly number[]) {
  return sql`${`{${ids.join(",")}}`}::bigint[]`;
}

/** An array element PostgreSQL reads as itself without quotes: no delimiter, quote, space or backslash, and not NULL. */
const BARE_ELEMENT = /^[A-Za-z0-9_.:+@-]+$/;

/**
 * A PostgreSQL array literal of `values`, null as NULL: one parameter for a column of a
 * set-based statement (cast it: `${pgArray(v)}::text[]`). Ids, numbers, codes and addresses go
 * bare; anything else is quoted and escaped (a large send's columns are a megabyte of these).
 */
export function pgArray(values: readonly (string | number | null | undefined)[]) {
  return `{${values.map(arrayElement).join(",")}}`;
}

function arrayElement(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "NULL";
  const text = String(v);
  if (BARE_ELEMENT.test(text) && text.toUpperCase() !== "NULL") return text;
  return `"${text.replace(/["\\]/g, "\\$&")}"`;
}

/** A text[] parameter (nulls allowed), e.g. one column of an `unnest`. */
export function textArray(values: readonly (string | null)[]) {
  return sql`${pgArray(values)}::text[]`;
}
