import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * One row per running worker process, rewritten every few seconds (lib/jobs/heartbeat.ts):
 * GET /healthz reports the age of the freshest beat, so a load balancer or a monitor notices
 * when no worker is sending. Rows of workers that stopped are deleted on a clean stop and pruned
 * by the others after a day.
 */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  /** Random per process start. */
  workerId: text("worker_id").primaryKey(),
  host: text("host").notNull(),
  pid: integer("pid").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  beatAt: timestamp("beat_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
