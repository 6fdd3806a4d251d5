import path from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";

/** Any constant will do; every process that migrates this database takes the same lock. */
const MIGRATION_LOCK_KEY = 727_001;

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/**
 * Applies drizzle-kit's committed migrations. drizzle's migrator takes no lock, so two
 * processes migrating at once would collide: we hold a session advisory lock on one connection.
 * `alsoUnderLock` runs under the same lock after them: lib/prepare-database.ts installs
 * pg-boss's schema and our queues there (db/ knows nothing of the job queues).
 */
export async function migrateDatabase(url: string, { alsoUnderLock }: { alsoUnderLock?: (url: string) => Promise<void> } = {}) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
      await alsoUnderLock?.(url);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
