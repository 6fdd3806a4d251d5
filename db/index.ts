import "server-only";
import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";
import { getDatabaseEnv } from "./env";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; queries accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

let client: postgres.Sql | undefined;
let db: Db | undefined;

/** The app's database handle, created on first use (never at import: `next build` imports routes). */
export function getDb(): Db {
  if (db) return db;
  const env = getDatabaseEnv();
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides a database.");
  }
  client = preparing(
    postgres(env.DATABASE_URL, {
      max: env.DB_POOL_MAX,
      onnotice: () => {},
      connection: { application_name: "aviso-sms" },
    }),
  );
  db = drizzle(client, { schema, casing: undefined });
  return db;
}

/** Statements with more parameters than this (bulk rows, long IN lists) are not kept prepared. */
const MAX_PREPARED_PARAMS = 64;

/**
 * Makes drizzle's queries prepared statements. drizzle runs every query through `unsafe` with
 * `prepare: false`; postgres.js then sends an unprepared query with parameters in two round
 * trips (describe, then execute), and PostgreSQL parses and plans it every time. Prepared, a
 * query the connection has seen goes in one round trip, and PostgreSQL may keep its plan.
 *
 * Not prepared: statements that take an array (`::uuid[]`, the set-based ones, whose best plan
 * depends on how many values the array holds — a plan kept for a small array can be wrong for
 * ten thousand) and statements with many parameters (bulk rows, long IN lists: a different
 * text for each size). Applied to transactions and savepoints too, whose `sql` is a new instance.
 */
function preparing<T extends postgres.Sql>(sql: T): T {
  const unsafe = sql.unsafe;
  sql.unsafe = ((query: string, args?: unknown[], options?: postgres.UnsafeQueryOptions) => {
    const prepare = Array.isArray(args) && args.length > 0 && args.length <= MAX_PREPARED_PARAMS && !query.includes("[]");
    return unsafe(query, args as postgres.ParameterOrJSON<never>[], { ...options, prepare });
  }) as typeof sql.unsafe;
  const scoped = sql as unknown as Record<"begin" | "savepoint", ((...args: unknown[]) => unknown) | undefined>;
  for (const method of ["begin", "savepoint"] as const) {
    const original = scoped[method];
    if (!original) continue;
    scoped[method] = (...args: unknown[]) => {
      const fn = args.pop() as (inner: postgres.Sql) => unknown;
      return original(...args, (inner: postgres.Sql) => fn(preparing(inner)));
    };
  }
  return sql;
}

export function getSql(): postgres.Sql {
  getDb();
  return client!;
}

export async function closeDb() {
  const c = client;
  client = undefined;
  db = undefined;
  if (c) await c.end({ timeout: 5 });
}

export { schema };
