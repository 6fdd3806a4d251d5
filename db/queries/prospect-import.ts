import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export type ProspectCandidates = {
  personIdBySrcId: Map<string, string>;
  /** Persons (not deleted) holding each email. */
  personIdsByEmail: Map<string, string[]>;
  /** Current phone records with the batch's numbers, with their person's name. */
  phones: { id: string; personId: string; number: string; verified: boolean; firstName: string; lastName: string; personDeleted: boolean }[];
};

/** What a batch of prospects could match: persons by src_system_id and email, phones by number. */
export async function findProspectCandidates(
  db: DbOrTx,
  institutionId: string,
  keys: { srcIds: string[]; emails: string[]; numbers: string[] },
): Promise<ProspectCandidates> {
  const [bySrc, byEmail, phones] = await Promise.all([
    db.execute<{ id: string; src_system_id: string }>(sql`
      select id, src_system_id from persons
      where institution_id = ${institutionId} and src_system_id in (select jsonb_array_elements_text(${json(keys.srcIds)}))`),
    db.execute<{ email: string; person_ids: string[] }>(sql`
      select e.email, array_agg(distinct e.person_id::text) as person_ids
      from person_emails e join persons p on p.id = e.person_id and not p.deleted
      where e.institution_id = ${institutionId} and e.email in (select jsonb_array_elements_text(${json(keys.emails)}))
      group by e.email`),
    db.execute<{ id: string; person_id: string; number: string; verified: boolean; first_name: string; last_name: string; person_deleted: boolean }>(sql`
      select ph.id, ph.person_id, ph.number, ph.verified, p.first_name, p.last_name, p.deleted as person_deleted
      from person_phones ph join persons p on p.id = ph.person_id
      where ph.institution_id = ${institutionId} and not ph.deleted
        and ph.number in (select jsonb_array_elements_text(${json(keys.numbers)}))`),
  ]);
  return {
    personIdBySrcId: new Map(bySrc.map((r) => [r.src_system_id, r.id])),
    personIdsByEmail: new Map(byEmail.map((r) => [r.email, r.person_ids])),
    phones: phones.map((p) => ({
      id: p.id,
      personId: p.person_id,
      number: p.number,
      verified: p.verified,
      firstName: p.first_name,
      lastName: p.last_name,
      personDeleted: p.person_deleted,
    })),
  };
}

export type ProspectWrite = {
  personId: string;
  /** A new person: created with the email (primary) and the role. */
  newPerson: { firstName: string; lastName: string; srcSystemId: string | null; email: string | null; roleId: string } | null;
  /** Add this phone, or verify the existing unverified record `phoneId`; null when it is verified already. */
  phone: { phoneId: string | null; number: string; phoneTypeId: string; phoneTypeSrcSystemId: string } | null;
};

/**
 * Writes a batch of prospects: new persons (source PROSPECT) with email and role, then each
 * phone added or verified by the uploader now, with a VERIFIED history row per phone (SPEC §2).
 */
export async function writeProspectBatch(db: DbOrTx, institutionId: string, rows: ProspectWrite[], uploaderUserId: string, now: Date) {
  const at = ts(now);
  const created = rows.flatMap((r) => (r.newPerson ? [{ id: r.personId, ...r.newPerson }] : []));
  if (created.length) {
    const people = json(
      created.map((p) => ({ id: p.id, first_name: p.firstName, last_name: p.lastName, src: p.srcSystemId, email: p.email, role_id: p.roleId })),
    );
    await db.execute(sql`
      with x as (select * from jsonb_to_recordset(${people}) as x(id uuid, first_name text, last_name text, src text, email text, role_id uuid)),
      p as (
        insert into persons (id, institution_id, first_name, last_name, src_system_id, source, created_at, updated_at)
        select x.id, ${institutionId}, x.first_name, x.last_name, x.src, 'PROSPECT', ${at}, ${at} from x
        returning id
      )
      select count(*) from p`);
    await db.execute(sql`
      with x as (select * from jsonb_to_recordset(${people}) as x(id uuid, email text, role_id uuid)),
      e as (
        insert into person_emails (institution_id, person_id, email, is_primary)
        select ${institutionId}, x.id, x.email, true from x where x.email is not null
        returning person_id
      ), r as (
        insert into person_roles (institution_id, person_id, role_id, created_at)
        select ${institutionId}, x.id, x.role_id, ${at} from x
        returning person_id
      )
      select (select count(*) from e) + (select count(*) from r)`);
  }
  const phones = rows.flatMap((r) =>
    r.phone ? [{ p: r.personId, phone_id: r.phone.phoneId, number: r.phone.number, type_id: r.phone.phoneTypeId, type_src: r.phone.phoneTypeSrcSystemId }] : [],
  );
  if (!phones.length) return;
  await db.execute(sql`
    with x as (
      select * from jsonb_to_recordset(${json(phones)}) as x(p uuid, phone_id uuid, number text, type_id uuid, type_src text)
    ), ins as (
      insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, verified, verified_at, verified_by_user_id, created_at, updated_at)
      select ${institutionId}, x.p, x.type_id, x.type_src, x.number, true, ${at}, ${uploaderUserId}, ${at}, ${at} from x where x.phone_id is null
      returning id
    ), upd as (
      update person_phones ph set verified = true, verified_at = ${at}, verified_by_user_id = ${uploaderUserId}, updated_at = ${at}
      from x
      where x.phone_id is not null and ph.id = x.phone_id and ph.institution_id = ${institutionId} and not ph.verified
      returning ph.id
    )
    insert into phone_history (institution_id, phone_id, field, old_value, new_value, actor_type, actor_user_id, reason, changed_at)
    select ${institutionId}, id, 'VERIFIED', 'false', 'true', 'USER', ${uploaderUserId}, 'PROSPECT_UPLOAD', ${at}
    from (select id from ins union all select id from upd) changed`);
}
