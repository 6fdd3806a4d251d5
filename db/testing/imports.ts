import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/*
 * Test-only read-outs and states of the import tests (STYLE: SQL lives in db/): whole-table
 * snapshots, rows as the database stores them, heartbeat ages on the database's own clock, and
 * a fault at the database edge. Never imported by the app.
 */

/** Every row of the people tables of one institution, as text, in a stable order: a second run must leave it identical. */
export async function peopleSnapshot(db: DbOrTx, institutionId: string): Promise<string[]> {
  const rows = await db.execute<{ t: string; id: string; v: string }>(sql`
    select 'person' t, p.id::text id, row_to_json(p)::text v from persons p where institution_id = ${institutionId}
    union all select 'email', e.id::text, row_to_json(e)::text from person_emails e where institution_id = ${institutionId}
    union all select 'role', r.person_id::text || r.role_id::text, row_to_json(r)::text from person_roles r where institution_id = ${institutionId}
    union all select 'phone', ph.id::text, row_to_json(ph)::text from person_phones ph where institution_id = ${institutionId}
    union all select 'history', h.id::text, row_to_json(h)::text from phone_history h where institution_id = ${institutionId}
    order by 1, 2`);
  return rows.map((r) => `${r.t}:${r.v}`);
}

/** Rows of the people tables across institutions. */
export async function peopleTableCounts(db: DbOrTx) {
  const [row] = await db.execute<{ persons: number; emails: number; roles: number; phones: number }>(sql`select
    (select count(*)::int from persons) persons, (select count(*)::int from person_emails) emails,
    (select count(*)::int from person_roles) roles, (select count(*)::int from person_phones) phones`);
  return row;
}

/** A SIS person as stored, with their emails (primary first), role codes and phones; undefined when absent. */
export async function personBySrc(db: DbOrTx, institutionId: string, src: string) {
  const [p] = await db.execute<{ id: string; first_name: string; last_name: string; preferred_name: string | null; source: string; deleted: boolean; time_zone: string | null }>(
    sql`select id, first_name, last_name, preferred_name, source, deleted, time_zone from persons where institution_id = ${institutionId} and src_system_id = ${src}`,
  );
  if (!p) return undefined;
  const [emails, roles, phones] = await Promise.all([
    db.execute<{ email: string; is_primary: boolean }>(sql`select email, is_primary from person_emails where person_id = ${p.id} order by is_primary desc, email`),
    db.execute<{ code: string }>(sql`select sr.code from person_roles pr join security_roles sr on sr.id = pr.role_id where pr.person_id = ${p.id} order by 1`),
    db.execute<{ src_system_id: string; number: string; phone_type_src_system_id: string; sms_status: string; verified: boolean; deleted: boolean }>(
      sql`select src_system_id, number, phone_type_src_system_id, sms_status, verified, deleted from person_phones where person_id = ${p.id} order by src_system_id`,
    ),
  ]);
  return { ...p, emails: [...emails], roles: roles.map((r) => r.code), phones: [...phones] };
}

/** A person's role codes and emails, as JSON aggregates (null when none). */
export async function personRolesAndEmails(db: DbOrTx, personId: string) {
  const [row] = await db.execute<{ source: string; first_name: string; src_system_id: string | null; roles: string[] | null; emails: { email: string; primary: boolean }[] | null }>(sql`
    select p.source, p.first_name, p.src_system_id, (select json_agg(sr.code) from person_roles pr join security_roles sr on sr.id = pr.role_id where pr.person_id = p.id) roles,
      (select json_agg(json_build_object('email', e.email, 'primary', e.is_primary)) from person_emails e where e.person_id = p.id) emails
    from persons p where p.id = ${personId}`);
  return row;
}

/** An import's row as stored (snake_case columns, timestamps as the driver returns them). */
export async function importRow(db: DbOrTx, importId: string) {
  const [row] = await db.execute<Record<string, unknown>>(sql`select * from imports where id = ${importId}`);
  return row;
}

/** Makes an import's heartbeat `seconds` old on the database's clock (at millisecond precision, as written). */
export async function setImportHeartbeatAge(db: DbOrTx, importId: string, seconds: number) {
  await db.execute(sql`update imports set updated_at = date_trunc('milliseconds', now()) - make_interval(secs => ${seconds}) where id = ${importId}`);
}

/** Ends these imports' heartbeat and finish two days ago. */
export async function ageFinishedImports(db: DbOrTx, importIds: readonly string[], days: number) {
  await db.execute(sql`
    update imports set updated_at = now() - make_interval(days => ${days}), finished_at = now() - make_interval(days => ${days})
    where id = any(${`{${importIds.join(",")}}`}::uuid[])`);
}

/** An import's updated_at as the database prints it (microseconds kept). */
export async function importUpdatedAtText(db: DbOrTx, importId: string) {
  const [row] = await db.execute<{ at: string }>(sql`select updated_at::text as at from imports where id = ${importId}`);
  return row.at;
}

/** The clock of the current transaction, as the database prints it. */
export async function transactionClockText(db: DbOrTx) {
  const [row] = await db.execute<{ clock: string }>(sql`select now()::text as clock`);
  return row.clock;
}

/** Sessions of this database waiting for a lock. */
export async function sessionsWaitingForLock(db: DbOrTx) {
  const [row] = await db.execute<{ waiting: number }>(
    sql`select count(*)::int as waiting from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
  );
  return row.waiting;
}

/**
 * A fault at the database edge: a trigger refuses to insert the email `email` (plain letters,
 * digits, `@`, `.`), as a constraint the import did not foresee would. Returns its removal.
 */
export async function refuseEmailInsert(db: DbOrTx, email: string): Promise<() => Promise<void>> {
  if (!/^[a-z0-9@.]+$/.test(email)) throw new Error("refuseEmailInsert: a plain address only");
  await db.execute(sql.raw(`create or replace function refuse_email() returns trigger language plpgsql as $$
    begin if new.email = '${email}' then raise exception 'refused by test trigger'; end if; return new; end $$`));
  await db.execute(sql`create trigger refuse_email before insert on person_emails for each row execute function refuse_email()`);
  return async () => {
    await db.execute(sql`drop trigger refuse_email on person_emails`);
  };
}
