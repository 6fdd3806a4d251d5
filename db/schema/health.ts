import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "./institutions";
import { inList, uuidPk } from "./_columns";

/**
 * What the dashboard's weekly figures are summed from (issue 18; lib/dashboard/): one row per
 * institution, local calendar day, metric and key (a reason code, a staff member's person id, or
 * ''). The worker recomputes the days that can still change (lib/dashboard/refresh-dashboard.ts),
 * so the Administration home reads a few thousand small rows instead of counting a million
 * messages, and nothing is added to the send or webhook paths.
 */
export const DASHBOARD_METRICS = [
  "texts",
  "texts_delivered",
  "texts_failed",
  "texts_replied",
  "emails",
  "replies",
  "opt_outs",
  "failure_reason",
  "staff_sends",
  "staff_messages",
] as const;
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

export const dashboardDailyCounts = pgTable(
  "dashboard_daily_counts",
  {
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    /** The calendar day in the institution's time zone. */
    day: date("day", { mode: "string" }).notNull(),
    metric: text("metric").notNull(),
    key: text("key").notNull().default(""),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.institutionId, t.day, t.metric, t.key] }),
    check("dashboard_daily_counts_metric_check", sql`${t.metric} in ${inList(DASHBOARD_METRICS)}`),
  ],
);

/** When an institution's daily counts were last recomputed, and in which time zone (a change recomputes every day). */
export const dashboardRollups = pgTable("dashboard_rollups", {
  institutionId: uuid("institution_id")
    .primaryKey()
    .references(() => institutions.id, { onDelete: "cascade" }),
  timeZone: text("time_zone").notNull(),
  /** Null until the first recomputation finished. */
  refreshedAt: timestamp("refreshed_at", { withTimezone: true, mode: "date" }),
});

export const HEALTH_LEVELS = ["warning", "critical"] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

/**
 * A health event of an institution (issue 18; lib/health/health-rules.ts): opened when a rule's
 * condition starts to hold, resolved when it stops. At most one open alert per key (the unique
 * index), so however often the check runs — worker and page views side by side — an event is
 * opened, and emailed to the administrators, once. `period` (a month, YYYY-MM) keeps a
 * monthly-limit alert open until its month ends: once per month.
 */
export const healthAlerts = pgTable(
  "health_alerts",
  {
    id: uuidPk(),
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    level: text("level").notNull(),
    title: text("title").notNull(),
    detail: text("detail").notNull(),
    period: text("period"),
    openedAt: timestamp("opened_at", { withTimezone: true, mode: "date" }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    /** Set once the administrators' email went (or was not needed: a higher level of the same rule opened with it). */
    emailedAt: timestamp("emailed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("health_alerts_open_key").on(t.institutionId, t.key).where(sql`${t.resolvedAt} is null`),
    index("health_alerts_institution_idx").on(t.institutionId, t.openedAt),
    index("health_alerts_unsent_idx").on(t.openedAt).where(sql`${t.emailedAt} is null and ${t.resolvedAt} is null`),
    check("health_alerts_level_check", sql`${t.level} in ${inList(HEALTH_LEVELS)}`),
  ],
);

/**
 * Twilio webhooks refused for a bad signature (SPEC §5: 403), counted per institution, kind and
 * minute — one upsert per refusal, one row per minute — for the health panel's "refused
 * signatures in the last hour". The institution is the one owning the system number the
 * refused form names (To of an inbound text, From of a status callback); a refusal naming none
 * of ours is only logged.
 */
export const webhookRefusals = pgTable(
  "webhook_refusals",
  {
    institutionId: uuid("institution_id").notNull().references(() => institutions.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    minute: timestamp("minute", { withTimezone: true, mode: "date" }).notNull(),
    count: integer("count").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.kind, t.minute] }), check("webhook_refusals_kind_check", sql`${t.kind} in ('status', 'inbound')`)],
);
