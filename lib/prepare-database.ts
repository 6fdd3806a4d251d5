import { migrateDatabase } from "@/db/migrate";
import { installJobQueues } from "@/lib/jobs/queues";

/**
 * Makes a database ready for the app: drizzle's migrations, then pg-boss's schema and our job
 * queues, all under one advisory lock, so any number of processes may run it at once.
 */
export function prepareDatabase(url: string): Promise<void> {
  return migrateDatabase(url, { alsoUnderLock: installJobQueues });
}
