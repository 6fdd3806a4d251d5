import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/**
 * Reserves up to `requested` texts against the institution's SMS Message Limit for `month`
 * and returns how many were granted (SPEC §4.4). One conditional UPDATE on a locked row:
 * concurrent senders queue on the row, each sees the count the previous one left, and the
 * count never passes the limit.
 */
export async function reserveMonthlyTexts(
  db: DbOrTx,
  params: { institutionId: string; month: string; requested: number },
): Promise<number> {
  if (params.requested <= 0) return 0;
  await db.execute(sql`
    insert into sms_usage_monthly (institution_id, month, sent_count)
    values (${params.institutionId}, ${params.month}, 0)
    on conflict do nothing`);
  const rows = await db.execute<{ granted: number }>(sql`
    with cur as (
      select u.sent_count, i.sms_monthly_limit as lim
      from sms_usage_monthly u join institutions i on i.id = u.institution_id
      where u.institution_id = ${params.institutionId} and u.month = ${params.month}
      for update of u
    ), g as (
      select least(${params.requested}::int, greatest(cur.lim - cur.sent_count, 0)) as granted from cur
    )
    update sms_usage_monthly u set sent_count = u.sent_count + g.granted
    from g
    where u.institution_id = ${params.institutionId} and u.month = ${params.month}
    returning g.granted`);
  return Number(rows[0]?.granted ?? 0);
}

export async function getMonthlyUsage(db: DbOrTx, params: { institutionId: string; month: string }) {
  const rows = await db.execute<{ sent_count: number; lim: number }>(sql`
    select coalesce(u.sent_count, 0)::int as sent_count, i.sms_monthly_limit as lim
    from institutions i
    left join sms_usage_monthly u on u.institution_id = i.id and u.month = ${params.month}
    where i.id = ${params.institutionId}`);
  const row = rows[0];
  return { used: Number(row?.sent_count ?? 0), limit: Number(row?.lim ?? 0) };
}
