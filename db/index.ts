import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";
import { getEnv } from "@/lib/env";

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; queries accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

let client: postgres.Sql | undefined;
let db: Db | undefined;

/** The app's database handle, created on first use (never at import: `next build` imports routes). */
export function getDb(): Db {
  if (db) return db;
  const env = getEnv();
  if (!env.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start`, which provides a database.");
  }
  client = postgres(env.DATABASE_URL, {
    max: env.DB_POOL_MAX,
    onnotice: () => {},
    connection: { application_name: "aviso-sms" },
  });
  db = drizzle(client, { schema, casing: undefined });
  return db;
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
