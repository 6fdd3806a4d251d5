import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/*
 * Set-based writes of one batch of SIS rows (SPEC §8). Each statement takes the batch as one
 * jsonb parameter and changes only what differs, so importing the same file again writes
 * nothing. SMS status and verified are never named: new phones take the column defaults.
 */

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

export type SisCurrentPerson = {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  timeZone: string | null;
  state: string | null;
  deleted: boolean;
  roleIds: string[];
  emails: string[];
  primaryEmail: string | null;
  /** src_system_ids of the person's current SIS phones (not deleted, not system numbers). */
  activePhoneSrcIds: string[];
};

export type SisCurrentPhone = { id: string; personId: string; number: string; phoneTypeId: string; deleted: boolean };

/**
 * Persons and phones of the institution that the batch's src_system_ids name, with what an
 * import compares: fields, roles, emails and SIS phones. A row equal to them is not written.
 */
export async function findSisExisting(db: DbOrTx, institutionId: string, personSrcIds: string[], phoneSrcIds: string[]) {
  const persons = await db.execute<{
    id: string;
    src_system_id: string;
    first_name: string;
    last_name: string;
    preferred_name: string | null;
    time_zone: string | null;
    state: string | null;
    deleted: boolean;
    role_ids: string[];
    emails: string[];
    primary_email: string | null;
    active_phone_srcs: string[];
  }>(sql`
    select p.id, p.src_system_id, p.first_name, p.last_name, p.preferred_name, p.time_zone, p.state, p.deleted,
      array(select pr.role_id::text from person_roles pr where pr.person_id = p.id) as role_ids,
      array(select e.email from person_emails e where e.person_id = p.id) as emails,
      (select e.email from person_emails e where e.person_id = p.id and e.is_primary) as primary_email,
      array(select ph.src_system_id from person_phones ph
            where ph.person_id = p.id and not ph.deleted and ph.src_system_id is not null
              and ph.phone_type_src_system_id <> 'AVISO.SYSTEM') as active_phone_srcs
    from persons p
    where p.institution_id = ${institutionId} and p.src_system_id in (select jsonb_array_elements_text(${json(personSrcIds)}))`);
  const phones = phoneSrcIds.length
    ? await db.execute<{ id: string; person_id: string; src_system_id: string; number: string; phone_type_id: string; deleted: boolean }>(sql`
        select id, person_id, src_system_id, number, phone_type_id, deleted from person_phones
        where institution_id = ${institutionId} and src_system_id in (select jsonb_array_elements_text(${json(phoneSrcIds)}))`)
    : [];
  return {
    personBySrcId: new Map<string, SisCurrentPerson>(
      persons.map((p) => [
        p.src_system_id,
        {
          id: p.id,
          firstName: p.first_name,
          lastName: p.last_name,
          preferredName: p.preferred_name,
          timeZone: p.time_zone,
          state: p.state,
          deleted: p.deleted,
          roleIds: p.role_ids,
          emails: p.emails,
          primaryEmail: p.primary_email,
          activePhoneSrcIds: p.active_phone_srcs,
        },
      ]),
    ),
    phoneBySrcId: new Map<string, SisCurrentPhone>(
      phones.map((p) => [p.src_system_id, { id: p.id, personId: p.person_id, number: p.number, phoneTypeId: p.phone_type_id, deleted: p.deleted }]),
    ),
  };
}

/** A SIS phone as a file gives it, its type resolved to the institution's phone type. */
export type SisPhone = { srcSystemId: string; number: string; phoneTypeId: string; phoneTypeSrcSystemId: string };

/**
 * A SIS person as a file gives it, roles resolved to ids: the one shape of a SIS row, which
 * lib/imports/sis-row.ts checks (adding where it came from) and `writeSisBatch` writes.
 */
export type SisPerson = {
  srcSystemId: string;
  firstName: string;
  lastName: string;
  /** undefined: the file has no such column, leave the value alone. */
  preferredName?: string | null;
  timeZone?: string | null;
  /** USPS code, upper case. */
  state?: string | null;
  deleted?: boolean;
  roleIds?: string[];
  /** Lower-cased; the first is primary. */
  emails?: string[];
  phones?: SisPhone[];
};

/** A SIS person to write: its id (drawn now when new) and which of its phones are new. */
export type SisPersonWrite = Omit<SisPerson, "phones"> & { id: string; isNew: boolean; phones?: (SisPhone & { isNew: boolean })[] };

/**
 * Writes a batch; answers which persons were created and which existing ones changed. New
 * persons take two statements (persons, then their roles, emails and phones together);
 * existing ones three (every difference but new primary emails, then those, then updated_at).
 */
export async function writeSisBatch(db: DbOrTx, institutionId: string, rows: SisPersonWrite[], now: Date) {
  const at = ts(now);
  const created = rows.filter((r) => r.isNew);
  const existing = rows.filter((r) => !r.isNew);
  if (created.length) await insertNewPersons(db, institutionId, created, at);

  const changed = new Set<string>();
  if (existing.length) {
    const first = await db.execute<{ person_id: string }>(diffStatement(institutionId, existing, at));
    const second = await db.execute<{ person_id: string }>(emailInsertStatement(institutionId, existing));
    for (const r of [...first, ...second]) changed.add(r.person_id);
  }
  const updatedIds = [...changed];
  if (updatedIds.length) {
    await db.execute(sql`
      update persons set updated_at = ${at}
      where institution_id = ${institutionId} and id in (select jsonb_array_elements_text(${json(updatedIds)})::uuid)
        and updated_at is distinct from ${at}`);
  }
  return { createdIds: new Set(created.map((r) => r.id)), updatedIds: new Set(updatedIds) };
}

type At = ReturnType<typeof ts>;

const rolePairs = (rows: SisPersonWrite[]) => rows.flatMap((r) => (r.roleIds ?? []).map((roleId) => ({ p: r.id, r: roleId })));
const emailPairs = (rows: SisPersonWrite[]) => rows.flatMap((r) => (r.emails ?? []).map((email, i) => ({ p: r.id, email, primary: i === 0 })));
const phoneRows = (rows: SisPersonWrite[]) =>
  rows.flatMap((r) =>
    (r.phones ?? []).map((p) => ({ p: r.id, src: p.srcSystemId, number: p.number, type_id: p.phoneTypeId, type_src: p.phoneTypeSrcSystemId, is_new: p.isNew })),
  );

/** New persons (source SIS), then all their roles, emails (first primary) and phones in one statement. */
async function insertNewPersons(db: DbOrTx, institutionId: string, created: SisPersonWrite[], at: At) {
  await db.execute(sql`
    insert into persons (id, institution_id, first_name, last_name, preferred_name, src_system_id, source, time_zone, state, deleted, created_at, updated_at)
    select r.id, ${institutionId}, r.first_name, r.last_name, r.preferred_name, r.src_system_id, 'SIS', r.time_zone, r.state, coalesce(r.deleted, false), ${at}, ${at}
    from jsonb_to_recordset(${json(
      created.map((r) => ({
        id: r.id,
        first_name: r.firstName,
        last_name: r.lastName,
        preferred_name: r.preferredName ?? null,
        src_system_id: r.srcSystemId,
        time_zone: r.timeZone ?? null,
        state: r.state ?? null,
        deleted: r.deleted ?? false,
      })),
    )}) as r(id uuid, first_name text, last_name text, preferred_name text, src_system_id text, time_zone text, state text, deleted boolean)`);
  await db.execute(sql`
    with roles as (
      insert into person_roles (institution_id, person_id, role_id, created_at)
      select ${institutionId}, x.p, x.r, ${at} from jsonb_to_recordset(${json(rolePairs(created))}) as x(p uuid, r uuid)
      returning 1
    ), emails as (
      insert into person_emails (institution_id, person_id, email, is_primary)
      select ${institutionId}, x.p, x.email, x."primary" from jsonb_to_recordset(${json(emailPairs(created))}) as x(p uuid, email text, "primary" boolean)
      returning 1
    ), phones as (
      insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, src_system_id, created_at, updated_at)
      select ${institutionId}, x.p, x.type_id, x.type_src, x.number, x.src, ${at}, ${at}
      from jsonb_to_recordset(${json(phoneRows(created))}) as x(p uuid, src text, number text, type_id uuid, type_src text)
      returning 1
    )
    select (select count(*) from roles) + (select count(*) from emails) + (select count(*) from phones) as n`);
}

/**
 * Every difference of existing persons in one statement (the CTEs touch disjoint rows): person
 * fields; roles replaced by the listed ones; emails not listed removed and a primary that is
 * no longer first unset; listed phones added, retyped or undeleted, and SIS phones no longer
 * listed marked deleted. Phones without a src_system_id (prospect and manual entries) and
 * system numbers are left alone; numbers never change here.
 */
function diffStatement(institutionId: string, rows: SisPersonWrite[], at: At) {
  const persons = rows.map((r) => ({
    id: r.id,
    first_name: r.firstName,
    last_name: r.lastName,
    set_preferred: r.preferredName !== undefined,
    preferred_name: r.preferredName ?? null,
    set_tz: r.timeZone !== undefined,
    time_zone: r.timeZone ?? null,
    set_state: r.state !== undefined,
    state: r.state ?? null,
    deleted: r.deleted ?? null,
  }));
  const ids = (pick: (r: SisPersonWrite) => unknown) => json(rows.filter((r) => pick(r) !== undefined).map((r) => r.id));
  return sql`
    with r as materialized (
      select * from jsonb_to_recordset(${json(persons)})
        as r(id uuid, first_name text, last_name text, set_preferred boolean, preferred_name text, set_tz boolean, time_zone text, set_state boolean, state text, deleted boolean)
    ), v as (
      select p.id, r.first_name, r.last_name,
        case when r.set_preferred then r.preferred_name else p.preferred_name end as preferred_name,
        case when r.set_tz then r.time_zone else p.time_zone end as time_zone,
        case when r.set_state then r.state else p.state end as state,
        coalesce(r.deleted, p.deleted) as deleted
      from r join persons p on p.id = r.id and p.institution_id = ${institutionId}
    ), person_upd as (
      update persons p set first_name = v.first_name, last_name = v.last_name, preferred_name = v.preferred_name,
        time_zone = v.time_zone, state = v.state, deleted = v.deleted, updated_at = ${at}
      from v
      where p.id = v.id and (p.first_name, p.last_name, p.preferred_name, p.time_zone, p.state, p.deleted)
        is distinct from (v.first_name, v.last_name, v.preferred_name, v.time_zone, v.state, v.deleted)
      returning p.id as person_id
    ), xr as materialized (
      select * from jsonb_to_recordset(${json(rolePairs(rows))}) as x(p uuid, r uuid)
    ), role_del as (
      delete from person_roles pr
      where pr.institution_id = ${institutionId}
        and pr.person_id in (select jsonb_array_elements_text(${ids((r) => r.roleIds)})::uuid)
        and (pr.person_id, pr.role_id) not in (select p, r from xr)
      returning pr.person_id
    ), role_ins as (
      insert into person_roles (institution_id, person_id, role_id, created_at)
      select ${institutionId}, xr.p, xr.r, ${at} from xr
      on conflict do nothing
      returning person_id
    ), xe as materialized (
      select * from jsonb_to_recordset(${json(emailPairs(rows))}) as x(p uuid, email text, "primary" boolean)
    ), email_del as (
      delete from person_emails e
      where e.institution_id = ${institutionId}
        and e.person_id in (select jsonb_array_elements_text(${ids((r) => r.emails)})::uuid)
        and (e.person_id, e.email) not in (select p, email from xe)
      returning e.person_id
    ), email_unset as (
      update person_emails e set is_primary = false
      from xe
      where e.institution_id = ${institutionId} and e.person_id = xe.p and e.email = xe.email and e.is_primary and not xe."primary"
      returning e.person_id
    ), xp as materialized (
      select * from jsonb_to_recordset(${json(phoneRows(rows))}) as x(p uuid, src text, number text, type_id uuid, type_src text, is_new boolean)
    ), phone_ins as (
      insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, src_system_id, created_at, updated_at)
      select ${institutionId}, xp.p, xp.type_id, xp.type_src, xp.number, xp.src, ${at}, ${at} from xp where xp.is_new
      returning person_id
    ), phone_upd as (
      update person_phones ph set phone_type_id = xp.type_id, phone_type_src_system_id = xp.type_src, deleted = false, updated_at = ${at}
      from xp
      where not xp.is_new and ph.institution_id = ${institutionId} and ph.src_system_id = xp.src and ph.person_id = xp.p
        and (ph.phone_type_id, ph.deleted) is distinct from (xp.type_id, false)
      returning ph.person_id
    ), phone_gone as (
      update person_phones ph set deleted = true, updated_at = ${at}
      where ph.institution_id = ${institutionId}
        and ph.person_id in (select jsonb_array_elements_text(${ids((r) => r.phones)})::uuid)
        and not ph.deleted and ph.src_system_id is not null and ph.phone_type_src_system_id <> 'AVISO.SYSTEM'
        and ph.src_system_id not in (select src from xp)
      returning ph.person_id
    )
    select person_id from person_upd
    union select person_id from role_del union select person_id from role_ins
    union select person_id from email_del union select person_id from email_unset
    union select person_id from phone_ins union select person_id from phone_upd union select person_id from phone_gone`;
}

/**
 * Listed emails the person lacks, and the new primary set — after diffStatement has unset the
 * old one (a person has at most one primary, checked row by row).
 */
function emailInsertStatement(institutionId: string, rows: SisPersonWrite[]) {
  return sql`
    with xe as materialized (
      select * from jsonb_to_recordset(${json(emailPairs(rows))}) as x(p uuid, email text, "primary" boolean)
    ), ins as (
      insert into person_emails (institution_id, person_id, email, is_primary)
      select ${institutionId}, xe.p, xe.email, xe."primary" from xe
      on conflict (person_id, email) do nothing
      returning person_id
    ), promote as (
      update person_emails e set is_primary = true
      from xe
      where e.institution_id = ${institutionId} and e.person_id = xe.p and e.email = xe.email and xe."primary" and not e.is_primary
      returning e.person_id
    )
    select person_id from ins union select person_id from promote`;
}
