import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/*
 * Test-only statements on people (STYLE: SQL lives in db/): thousands of recipients in one
 * statement, where db/factories.ts would take a round trip per row. Never imported by the app.
 */

/**
 * `count` people `<firstName> <lastNamePrefix><n>` with src_system_id `<srcPrefix><n>`, each
 * with one SMS_ENABLED phone `+1773<n, 7 digits>` of the given type (src_system_id
 * `<phoneSrcPrefix><person's src_system_id>` when given), and with `emailDomain` a primary email
 * `<src_system_id, lower case>@<emailDomain>`. Returns their ids by src_system_id (text order).
 */
export async function insertBulkPeople(
  db: DbOrTx,
  p: {
    institutionId: string;
    count: number;
    srcPrefix: string;
    firstName: string;
    lastNamePrefix: string;
    phoneTypeId: string;
    phoneTypeSrcSystemId: string;
    phoneSrcPrefix?: string;
    emailDomain?: string;
  },
): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    with p as (
      insert into persons (institution_id, first_name, last_name, src_system_id)
      select ${p.institutionId}, ${p.firstName}, ${p.lastNamePrefix} || g, ${p.srcPrefix} || g from generate_series(1, ${p.count}) g
      returning id, src_system_id, substr(src_system_id, ${p.srcPrefix.length + 1}) as n
    ), ph as (
      insert into person_phones (institution_id, person_id, phone_type_id, number, sms_status, src_system_id, phone_type_src_system_id)
      select ${p.institutionId}, p.id, ${p.phoneTypeId}, '+1773' || lpad(p.n, 7, '0'), 'SMS_ENABLED',
        ${p.phoneSrcPrefix ?? null}::text || p.src_system_id, ${p.phoneTypeSrcSystemId}
      from p returning 1
    ), e as (
      insert into person_emails (institution_id, person_id, email, is_primary)
      select ${p.institutionId}, p.id, lower(p.src_system_id) || '@' || ${p.emailDomain ?? null}::text, true
      from p where ${p.emailDomain ?? null}::text is not null returning 1
    )
    select id from p where (select count(*) from ph) = ${p.count} order by src_system_id`);
  if (rows.length !== p.count) throw new Error(`insertBulkPeople: ${rows.length} of ${p.count} people written with a phone`);
  return rows.map((r) => r.id);
}

/**
 * `count` students `<firstNamePrefix><n> <lastName>`, n zero-padded to the digits of `count` (so
 * name order is number order), src_system_id `<srcPrefix><n>`, no phone, no email: one statement.
 */
export async function insertNumberedStudents(
  db: DbOrTx,
  p: { institutionId: string; count: number; firstNamePrefix: string; lastName: string; srcPrefix: string },
) {
  await db.execute(sql`
    insert into persons (institution_id, first_name, last_name, src_system_id)
    select ${p.institutionId}, ${p.firstNamePrefix} || lpad(g::text, ${String(p.count).length}, '0'), ${p.lastName}, ${p.srcPrefix} || g
    from generate_series(1, ${p.count}) g`);
}
