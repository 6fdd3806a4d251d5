import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { assignSystemNumber } from "@/db/queries/system-numbers";
import type { reserveMonthlyTexts } from "@/db/queries/sms-usage";
import { SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";

/**
 * A deliberately naive check-then-update pair: read, decide in JavaScript, write. The 2 ms
 * pause stands for the round trip between the read and the write. A test puts them in place of
 * db/queries' atomic grants (vi.mock, at the database edge) and runs the concurrency scenarios
 * against them to show the scenarios can fail. Nothing here imports those modules, so a mock
 * of them can import this one.
 */
export const naiveGrants: { assignSystemNumber: typeof assignSystemNumber; reserveMonthlyTexts: typeof reserveMonthlyTexts } = {
  async reserveMonthlyTexts(db, p) {
    const rows = await db.execute<{ used: number; lim: number }>(sql`
      select coalesce((select sent_count from sms_usage_monthly where institution_id = ${p.institutionId} and month = ${p.month}), 0) as used,
        (select sms_monthly_limit from institutions where id = ${p.institutionId}) as lim`);
    const granted = Math.max(0, Math.min(p.requested, Number(rows[0].lim) - Number(rows[0].used)));
    await sleep(2);
    await db.execute(sql`
      insert into sms_usage_monthly (institution_id, month, sent_count) values (${p.institutionId}, ${p.month}, ${Number(rows[0].used) + granted})
      on conflict (institution_id, month) do update set sent_count = excluded.sent_count`);
    return granted;
  },
  async assignSystemNumber(db, p) {
    const held = await heldNumber(db, p);
    if (held) return { ...held, assigned: false };
    const [{ active, lim }] = await db.execute<{ active: number; lim: number }>(sql`
      select (select count(*)::int from system_number_assignments where institution_id = ${p.institutionId} and released_at is null) as active,
        (select sms_phone_number_limit from institutions where id = ${p.institutionId}) as lim`);
    if (Number(active) >= Number(lim)) return null;
    const free = await db.execute<{ id: string; number: string }>(sql`
      select n.id, n.number from system_numbers n
      where n.institution_id = ${p.institutionId}
        and not exists (select 1 from system_number_assignments a where a.system_number_id = n.id and a.released_at is null)
      order by random() limit 1`);
    if (!free[0]) return null;
    await sleep(2);
    try {
      // A savepoint, so the schema's unique index catching a doubly assigned number only undoes this.
      const phoneId = await db.transaction(async (sp) => {
        const [type] = await sp.execute<{ id: string }>(sql`select id from phone_types where institution_id = ${p.institutionId} and src_system_id = ${SYSTEM_PHONE_TYPE_SRC_ID}`);
        const [phone] = await sp.execute<{ id: string }>(sql`
          insert into person_phones (institution_id, person_id, phone_type_id, number, src_system_id, phone_type_src_system_id)
          values (${p.institutionId}, ${p.personId}, ${type.id}, ${free[0].number}, ${`${p.userId}.AVISO.SMS`}, ${SYSTEM_PHONE_TYPE_SRC_ID}) returning id`);
        await sp.execute(sql`
          insert into system_number_assignments (institution_id, system_number_id, user_id, person_id, person_phone_id)
          values (${p.institutionId}, ${free[0].id}, ${p.userId}, ${p.personId}, ${phone.id})`);
        return phone.id;
      });
      return { systemNumberId: free[0].id, number: free[0].number, personPhoneId: phoneId, assigned: true };
    } catch {
      return null;
    }
  },
};

async function heldNumber(db: DbOrTx, p: { institutionId: string; userId: string }) {
  const [r] = await db.execute<{ system_number_id: string; number: string; person_phone_id: string }>(sql`
    select a.system_number_id, n.number, a.person_phone_id
    from system_number_assignments a join system_numbers n on n.id = a.system_number_id
    where a.institution_id = ${p.institutionId} and a.user_id = ${p.userId} and a.released_at is null`);
  return r ? { systemNumberId: r.system_number_id, number: r.number, personPhoneId: r.person_phone_id } : null;
}
