import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "./sql-values";

export type HealthAlertRow = {
  id: string;
  institutionId: string;
  key: string;
  level: "warning" | "critical";
  title: string;
  detail: string;
  openedAt: Date;
  emailedAt: Date | null;
};

type RawAlert = {
  id: string;
  institution_id: string;
  key: string;
  level: "warning" | "critical";
  title: string;
  detail: string;
  opened_at: string | Date;
  emailed_at: string | Date | null;
};

const toAlert = (r: RawAlert): HealthAlertRow => ({
  id: r.id,
  institutionId: r.institution_id,
  key: r.key,
  level: r.level,
  title: r.title,
  detail: r.detail,
  openedAt: new Date(r.opened_at),
  emailedAt: r.emailed_at === null ? null : new Date(r.emailed_at),
});

export type AlertInput = { key: string; level: "warning" | "critical"; title: string; detail: string; period: string | null };

/**
 * Opens an alert per condition that has none open (health_alerts_open_key: at most one open per
 * key, so concurrent checks open it once) and refreshes the figures of those already open.
 * Returns the keys opened by this call.
 */
export async function upsertOpenAlerts(db: DbOrTx, params: { institutionId: string; alerts: readonly AlertInput[]; now: Date }): Promise<Set<string>> {
  if (params.alerts.length === 0) return new Set();
  const opened = new Set<string>();
  for (const a of params.alerts) {
    const [row] = await db.execute<{ opened: boolean }>(sql`
      insert into health_alerts (institution_id, key, level, title, detail, period, opened_at)
      values (${params.institutionId}, ${a.key}, ${a.level}, ${a.title}, ${a.detail}, ${a.period}, ${ts(params.now)})
      on conflict (institution_id, key) where resolved_at is null
      do update set detail = excluded.detail
      returning (xmax = 0) as opened`);
    if (row?.opened) opened.add(a.key);
  }
  return opened;
}

/**
 * Resolves the institution's open alerts whose condition no longer holds: those not in
 * `activeKeys`, except a monthly one (period) until its month has ended.
 */
export async function resolveAlerts(db: DbOrTx, params: { institutionId: string; activeKeys: readonly string[]; month: string; now: Date }) {
  await db.execute(sql`
    update health_alerts set resolved_at = ${ts(params.now)}
    where institution_id = ${params.institutionId} and resolved_at is null
      and not (key = any(${`{${params.activeKeys.map((k) => `"${k}"`).join(",")}}`}::text[]))
      and (period is null or period < ${params.month})`);
}

/** Marks alerts as needing no email of their own (a higher level of the same rule opened with them). */
export async function markAlertsEmailed(db: DbOrTx, params: { institutionId: string; keys: readonly string[]; now: Date }) {
  if (params.keys.length === 0) return;
  await db.execute(sql`
    update health_alerts set emailed_at = ${ts(params.now)}
    where institution_id = ${params.institutionId} and resolved_at is null and emailed_at is null
      and key = any(${`{${params.keys.map((k) => `"${k}"`).join(",")}}`}::text[])`);
}

/** The institution's open alerts, critical first, newest first. */
export async function listOpenAlerts(db: DbOrTx, params: { institutionId: string }): Promise<HealthAlertRow[]> {
  const rows = await db.execute<RawAlert>(sql`
    select id, institution_id, key, level, title, detail, opened_at, emailed_at from health_alerts
    where institution_id = ${params.institutionId} and resolved_at is null
    order by level = 'critical' desc, opened_at desc, key`);
  return rows.map(toAlert);
}

/**
 * Claims one open alert not yet emailed (any institution), locked until the transaction ends;
 * another worker skips it. Oldest first.
 */
export async function claimUnsentAlert(db: DbOrTx): Promise<HealthAlertRow | null> {
  const [row] = await db.execute<RawAlert>(sql`
    select id, institution_id, key, level, title, detail, opened_at, emailed_at from health_alerts
    where emailed_at is null and resolved_at is null
    order by opened_at
    limit 1
    for update skip locked`);
  return row ? toAlert(row) : null;
}

export async function markAlertEmailed(db: DbOrTx, params: { id: string; now: Date }) {
  await db.execute(sql`update health_alerts set emailed_at = ${ts(params.now)} where id = ${params.id}`);
}

/** Sign-in addresses of the institution's administrators who may act (not disabled, person not deleted). */
export async function administratorEmails(db: DbOrTx, params: { institutionId: string }): Promise<string[]> {
  const rows = await db.execute<{ email: string }>(sql`
    select distinct u.email from users u
    join persons p on p.id = u.person_id and p.institution_id = u.institution_id
    join person_roles pr on pr.person_id = p.id and pr.institution_id = p.institution_id
    join security_roles r on r.id = pr.role_id and r.grants_admin
    where u.institution_id = ${params.institutionId} and not u.disabled and not p.deleted
    order by u.email`);
  return rows.map((r) => r.email);
}
