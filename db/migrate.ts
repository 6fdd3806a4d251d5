import path from "node:path";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { installJobQueues } from "@/lib/jobs/queues";

/** Any constant will do; every process that migrates this database takes the same lock. */
const MIGRATION_LOCK_KEY = 727_001;

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

/**
 * Applies drizzle-kit's committed migrations. drizzle's migrator takes no lock, so two
 * processes migrating at once would collide: we hold a session advisory lock on one connection.
 * pg-boss's schema and our queues are installed under the same lock.
 */
export async function migrateDatabase(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
      await installJobQueues(url);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
