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

/**
 * A PostgreSQL array literal of `values`, each quoted and escaped, null as NULL: one parameter
 * for a column of a set-based statement (cast it: `${pgArray(v)}::text[]`).
 */
export function pgArray(values: readonly (string | number | null | undefined)[]) {
  return `{${values.map((v) => (v === null || v === undefined ? "NULL" : `"${String(v).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

/** A text[] parameter (nulls allowed), e.g. one column of an `unnest`. */
export function textArray(values: readonly (string | null)[]) {
  return sql`${pgArray(values)}::text[]`;
}
