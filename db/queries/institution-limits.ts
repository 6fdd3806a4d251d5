import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/** One institution's two SMS limits and what is used of them now (SPEC §3). */
export type InstitutionLimitsRow = {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  /** The current month (YYYY-MM-01) in the institution's time zone. */
  month: string;
  sentThisMonth: number;
  smsMonthlyLimit: number;
  numbersAssigned: number;
  smsPhoneNumberLimit: number;
  /** ACTIVE numbers in the institution's pool. */
  poolSize: number;
};

/**
 * Every institution (or the one given) with its limits and usage, in one round trip, by name:
 * texts counted this calendar month in the institution's own time zone, active assignments,
 * and the ACTIVE pool. For the platform operator, who manages every institution.
 */
export async function listInstitutionLimits(db: DbOrTx, params: { now: Date; institutionId?: string }): Promise<InstitutionLimitsRow[]> {
  const rows = await db.execute<{
    id: string;
    name: string;
    slug: string;
    time_zone: string;
    month: string;
    sent: number;
    sms_monthly_limit: number;
    assigned: number;
    sms_phone_number_limit: number;
    pool: number;
  }>(sql`
    select i.id, i.name, i.slug, i.time_zone, m.month, i.sms_monthly_limit, i.sms_phone_number_limit,
      coalesce((select u.sent_count from sms_usage_monthly u where u.institution_id = i.id and u.month = m.month::date), 0)::int as sent,
      (select count(*)::int from system_number_assignments a where a.institution_id = i.id and a.released_at is null) as assigned,
      (select count(*)::int from system_numbers n where n.institution_id = i.id and n.status = 'ACTIVE') as pool
    from institutions i
    cross join lateral (select to_char(date_trunc('month', ${ts(params.now)} at time zone i.time_zone), 'YYYY-MM-DD') as month) m
    ${params.institutionId ? sql`where i.id = ${params.institutionId}` : sql``}
    order by i.name, i.id`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slug: r.slug,
    timeZone: r.time_zone,
    month: r.month,
    sentThisMonth: Number(r.sent),
    smsMonthlyLimit: Number(r.sms_monthly_limit),
    numbersAssigned: Number(r.assigned),
    smsPhoneNumberLimit: Number(r.sms_phone_number_limit),
    poolSize: Number(r.pool),
  }));
}
