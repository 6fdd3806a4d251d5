import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { SYSTEM_PHONE_SRC_SUFFIX, SYSTEM_PHONE_TYPE_SRC_ID } from "@/db/schema/constants";
import { ts } from "@/db/queries/sql-values";

export type HeldNumber = { systemNumberId: string; number: string; personPhoneId: string };

/** The system number the user holds now, if any. */
export async function findHeldNumber(db: DbOrTx, params: { institutionId: string; userId: string }): Promise<HeldNumber | null> {
  const rows = await db.execute<{ system_number_id: string; number: string; person_phone_id: string }>(sql`
    select a.system_number_id, n.number, a.person_phone_id
    from system_number_assignments a join system_numbers n on n.id = a.system_number_id
    where a.institution_id = ${params.institutionId} and a.user_id = ${params.userId} and a.released_at is null`);
  const r = rows[0];
  return r ? { systemNumberId: r.system_number_id, number: r.number, personPhoneId: r.person_phone_id } : null;
}

/**
 * SPEC §4.3: the sender's system number, assigned from the pool on a first send. Runs in one
 * transaction that locks the institution row, so concurrent first sends are decided one at a
 * time: two senders never get the same number and the Phone Number Usage Limit is never
 * passed (the partial unique indexes on active assignments hold the same rule in the schema).
 * Returns null when the limit is reached or the pool has no free number.
 */
export async function assignSystemNumber(
  db: DbOrTx,
  params: { institutionId: string; userId: string; personId: string; now: Date },
): Promise<(HeldNumber & { assigned: boolean }) | null> {
  const held = await findHeldNumber(db, params);
  if (held) return { ...held, assigned: false };

  return db.transaction(async (tx) => {
    const [inst] = await tx.execute<{ lim: number }>(sql`
      select sms_phone_number_limit as lim from institutions where id = ${params.institutionId} for update`);
    if (!inst) return null;
    const again = await findHeldNumber(tx, params);
    if (again) return { ...again, assigned: false };

    const [{ active }] = await tx.execute<{ active: number }>(sql`
      select count(*)::int as active from system_number_assignments
      where institution_id = ${params.institutionId} and released_at is null`);
    if (Number(active) >= Number(inst.lim)) return null;

    const [free] = await tx.execute<{ id: string; number: string }>(sql`
      select n.id, n.number from system_numbers n
      where n.institution_id = ${params.institutionId} and n.status = 'ACTIVE'
        and not exists (select 1 from system_number_assignments a where a.system_number_id = n.id and a.released_at is null)
      order by n.number
      limit 1
      for update skip locked`);
    if (!free) return null;

    const [type] = await tx.execute<{ id: string }>(sql`
      select id from phone_types where institution_id = ${params.institutionId} and src_system_id = ${SYSTEM_PHONE_TYPE_SRC_ID}`);
    if (!type) throw new Error(`Institution ${params.institutionId} has no System phone type (${SYSTEM_PHONE_TYPE_SRC_ID})`);

    const srcId = `${free.number.slice(1)}.${params.now.getTime().toString(36)}.${SYSTEM_PHONE_SRC_SUFFIX}`;
    const [phone] = await tx.execute<{ id: string }>(sql`
      insert into person_phones (institution_id, person_id, phone_type_id, number, sms_status, src_system_id, phone_type_src_system_id, created_at, updated_at)
      values (${params.institutionId}, ${params.personId}, ${type.id}, ${free.number}, 'SMS_DEFAULT', ${srcId}, ${SYSTEM_PHONE_TYPE_SRC_ID}, ${ts(params.now)}, ${ts(params.now)})
      returning id`);
    await tx.execute(sql`
      insert into system_number_assignments (institution_id, system_number_id, user_id, person_id, person_phone_id, assigned_at)
      values (${params.institutionId}, ${free.id}, ${params.userId}, ${params.personId}, ${phone.id}, ${ts(params.now)})`);
    return { systemNumberId: free.id, number: free.number, personPhoneId: phone.id, assigned: true };
  });
}

/**
 * Whether a first send would be given a number now (SPEC §4.3): fewer numbers assigned than the
 * Phone Number Usage Limit and a free ACTIVE number in the pool. Reads only; for the composer's
 * preview, which reserves nothing (the real assignment stays `assignSystemNumber`'s).
 */
export async function canAssignSystemNumber(db: DbOrTx, params: { institutionId: string }): Promise<boolean> {
  const [row] = await db.execute<{ ok: boolean }>(sql`
    select (
      (select count(*) from system_number_assignments where institution_id = i.id and released_at is null) < i.sms_phone_number_limit
      and exists (
        select 1 from system_numbers n
        where n.institution_id = i.id and n.status = 'ACTIVE'
          and not exists (select 1 from system_number_assignments a where a.system_number_id = n.id and a.released_at is null)
      )
    ) as ok
    from institutions i where i.id = ${params.institutionId}`);
  return row?.ok === true;
}
