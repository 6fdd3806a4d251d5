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
