import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/*
 * Set-based writes of one batch of SIS rows (SPEC §8). Each statement takes the batch as one
 * jsonb parameter and changes only what differs, so importing the same file again writes
 * nothing. SMS status and verified are never named: new phones take the column defaults.
 */

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Persons and phones of the institution that the batch's src_system_ids name. */
export async function findSisExisting(db: DbOrTx, institutionId: string, personSrcIds: string[], phoneSrcIds: string[]) {
  const [persons, phones] = await Promise.all([
    db.execute<{ id: string; src_system_id: string }>(sql`
      select id, src_system_id from persons
      where institution_id = ${institutionId} and src_system_id in (select jsonb_array_elements_text(${json(personSrcIds)}))`),
    phoneSrcIds.length
      ? db.execute<{ id: string; person_id: string; src_system_id: string; number: string }>(sql`
          select id, person_id, src_system_id, number from person_phones
          where institution_id = ${institutionId} and src_system_id in (select jsonb_array_elements_text(${json(phoneSrcIds)}))`)
      : Promise.resolve([]),
  ]);
  return {
    personIdBySrcId: new Map(persons.map((p) => [p.src_system_id, p.id])),
    phoneBySrcId: new Map(phones.map((p) => [p.src_system_id, { id: p.id, personId: p.person_id, number: p.number }])),
  };
}

export type SisPersonWrite = {
  id: string;
  isNew: boolean;
  srcSystemId: string;
  firstName: string;
  lastName: string;
  /** undefined: the file has no such column, leave the value alone. */
  preferredName?: string | null;
  timeZone?: string | null;
  deleted?: boolean;
  roleIds?: string[];
  emails?: string[];
  phones?: { srcSystemId: string; number: string; phoneTypeId: string; phoneTypeSrcSystemId: string; isNew: boolean }[];
};

/** Writes a batch; answers which persons were created and which existing ones changed. */
export async function writeSisBatch(db: DbOrTx, institutionId: string, rows: SisPersonWrite[], now: Date) {
  const at = ts(now);
  const created = rows.filter((r) => r.isNew);
  const existing = rows.filter((r) => !r.isNew);
  const changed = new Set<string>();
  const collect = (result: { person_id: string }[]) => result.forEach((r) => changed.add(r.person_id));

  if (created.length) {
    await db.execute(sql`
      insert into persons (id, institution_id, first_name, last_name, preferred_name, src_system_id, source, time_zone, deleted, created_at, updated_at)
      select r.id, ${institutionId}, r.first_name, r.last_name, r.preferred_name, r.src_system_id, 'SIS', r.time_zone, coalesce(r.deleted, false), ${at}, ${at}
      from jsonb_to_recordset(${json(
        created.map((r) => ({
          id: r.id,
          first_name: r.firstName,
          last_name: r.lastName,
          preferred_name: r.preferredName ?? null,
          src_system_id: r.srcSystemId,
          time_zone: r.timeZone ?? null,
          deleted: r.deleted ?? false,
        })),
      )}) as r(id uuid, first_name text, last_name text, preferred_name text, src_system_id text, time_zone text, deleted boolean)`);
  }
  if (existing.length) {
    collect(
      await db.execute<{ person_id: string }>(sql`
        with r as (
          select * from jsonb_to_recordset(${json(
            existing.map((r) => ({
              id: r.id,
              first_name: r.firstName,
              last_name: r.lastName,
              set_preferred: r.preferredName !== undefined,
              preferred_name: r.preferredName ?? null,
              set_tz: r.timeZone !== undefined,
              time_zone: r.timeZone ?? null,
              deleted: r.deleted ?? null,
            })),
          )}) as r(id uuid, first_name text, last_name text, set_preferred boolean, preferred_name text, set_tz boolean, time_zone text, deleted boolean)
        ), v as (
          select p.id, r.first_name, r.last_name,
            case when r.set_preferred then r.preferred_name else p.preferred_name end as preferred_name,
            case when r.set_tz then r.time_zone else p.time_zone end as time_zone,
            coalesce(r.deleted, p.deleted) as deleted
          from r join persons p on p.id = r.id and p.institution_id = ${institutionId}
          where (p.first_name, p.last_name, p.preferred_name, p.time_zone, p.deleted) is distinct from
            (r.first_name, r.last_name,
             case when r.set_preferred then r.preferred_name else p.preferred_name end,
             case when r.set_tz then r.time_zone else p.time_zone end,
             coalesce(r.deleted, p.deleted))
        )
        update persons p set first_name = v.first_name, last_name = v.last_name, preferred_name = v.preferred_name,
          time_zone = v.time_zone, deleted = v.deleted, updated_at = ${at}
        from v where p.id = v.id
        returning p.id as person_id`),
    );
  }
  await writeRoles(db, institutionId, rows, at, collect);
  await writeEmails(db, institutionId, rows, collect);
  await writePhones(db, institutionId, rows, at, collect);

  const createdIds = new Set(created.map((r) => r.id));
  const updatedIds = [...changed].filter((id) => !createdIds.has(id));
  if (updatedIds.length) {
    await db.execute(sql`
      update persons set updated_at = ${at}
      where institution_id = ${institutionId} and id in (select jsonb_array_elements_text(${json(updatedIds)})::uuid)
        and updated_at is distinct from ${at}`);
  }
  return { createdIds, updatedIds: new Set(updatedIds) };
}

type Collect = (result: { person_id: string }[]) => void;
type At = ReturnType<typeof ts>;

/** The listed roles replace the person's roles (rows without a roles column are skipped). */
async function writeRoles(db: DbOrTx, institutionId: string, rows: SisPersonWrite[], at: At, collect: Collect) {
  const withRoles = rows.filter((r) => r.roleIds !== undefined);
  if (!withRoles.length) return;
  collect(
    await db.execute<{ person_id: string }>(sql`
      with x as (
        select * from jsonb_to_recordset(${json(withRoles.flatMap((r) => r.roleIds!.map((roleId) => ({ p: r.id, r: roleId }))))}) as x(p uuid, r uuid)
      ), del as (
        delete from person_roles pr
        where pr.institution_id = ${institutionId}
          and pr.person_id in (select jsonb_array_elements_text(${json(withRoles.map((r) => r.id))})::uuid)
          and not exists (select 1 from x where x.p = pr.person_id and x.r = pr.role_id)
        returning pr.person_id
      ), ins as (
        insert into person_roles (institution_id, person_id, role_id, created_at)
        select ${institutionId}, x.p, x.r, ${at} from x
        on conflict do nothing
        returning person_id
      )
      select person_id from del union select person_id from ins`),
  );
}

/**
 * The listed emails replace the person's; the first is primary. The old primary is cleared in
 * one statement before the new one is set in the next (a person has at most one primary).
 */
async function writeEmails(db: DbOrTx, institutionId: string, rows: SisPersonWrite[], collect: Collect) {
  const withEmails = rows.filter((r) => r.emails !== undefined);
  if (!withEmails.length) return;
  const pairs = json(withEmails.flatMap((r) => r.emails!.map((email, i) => ({ p: r.id, email, primary: i === 0 }))));
  const persons = json(withEmails.map((r) => r.id));
  collect(
    await db.execute<{ person_id: string }>(sql`
      with x as (select * from jsonb_to_recordset(${pairs}) as x(p uuid, email text, "primary" boolean)),
      del as (
        delete from person_emails e
        where e.institution_id = ${institutionId}
          and e.person_id in (select jsonb_array_elements_text(${persons})::uuid)
          and not exists (select 1 from x where x.p = e.person_id and x.email = e.email)
        returning e.person_id
      ), unset as (
        update person_emails e set is_primary = false
        from x
        where e.institution_id = ${institutionId} and e.person_id = x.p and e.email = x.email and e.is_primary and not x."primary"
        returning e.person_id
      )
      select person_id from del union select person_id from unset`),
  );
  collect(
    await db.execute<{ person_id: string }>(sql`
      with x as (select * from jsonb_to_recordset(${pairs}) as x(p uuid, email text, "primary" boolean)),
      ins as (
        insert into person_emails (institution_id, person_id, email, is_primary)
        select ${institutionId}, x.p, x.email, x."primary" from x
        on conflict (person_id, email) do nothing
        returning person_id
      ), promote as (
        update person_emails e set is_primary = true
        from x
        where e.institution_id = ${institutionId} and e.person_id = x.p and e.email = x.email and x."primary" and not e.is_primary
        returning e.person_id
      )
      select person_id from ins union select person_id from promote`),
  );
}

/**
 * The listed phones are the person's SIS phones: new src_system_ids are inserted (SMS_DEFAULT,
 * unverified — the column defaults), listed ones get their type and are undeleted, and phones
 * with a src_system_id no longer listed are marked deleted. Phones without a src_system_id
 * (prospect and manual entries) and system numbers are left alone. Numbers never change here.
 */
async function writePhones(db: DbOrTx, institutionId: string, rows: SisPersonWrite[], at: At, collect: Collect) {
  const withPhones = rows.filter((r) => r.phones !== undefined);
  if (!withPhones.length) return;
  const listed = withPhones.flatMap((r) =>
    r.phones!.map((p) => ({ p: r.id, src: p.srcSystemId, number: p.number, type_id: p.phoneTypeId, type_src: p.phoneTypeSrcSystemId, is_new: p.isNew })),
  );
  collect(
    await db.execute<{ person_id: string }>(sql`
      with x as (
        select * from jsonb_to_recordset(${json(listed)}) as x(p uuid, src text, number text, type_id uuid, type_src text, is_new boolean)
      ), ins as (
        insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, src_system_id, created_at, updated_at)
        select ${institutionId}, x.p, x.type_id, x.type_src, x.number, x.src, ${at}, ${at} from x where x.is_new
        returning person_id
      ), upd as (
        update person_phones ph set phone_type_id = x.type_id, phone_type_src_system_id = x.type_src, deleted = false, updated_at = ${at}
        from x
        where not x.is_new and ph.institution_id = ${institutionId} and ph.src_system_id = x.src and ph.person_id = x.p
          and (ph.phone_type_id, ph.deleted) is distinct from (x.type_id, false)
        returning ph.person_id
      ), gone as (
        update person_phones ph set deleted = true, updated_at = ${at}
        where ph.institution_id = ${institutionId}
          and ph.person_id in (select jsonb_array_elements_text(${json(withPhones.map((r) => r.id))})::uuid)
          and not ph.deleted and ph.src_system_id is not null and ph.phone_type_src_system_id <> 'AVISO.SYSTEM'
          and not exists (select 1 from x where x.src = ph.src_system_id)
        returning ph.person_id
      )
      select person_id from ins union select person_id from upd union select person_id from gone`),
  );
}
