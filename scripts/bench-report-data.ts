import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { createInstitution, createPerson, createUser } from "@/db/factories";

/**
 * The Message Report benchmark's data: one institution with STAFF staff (each with a system
 * number and an email), STUDENTS students (a Cell number and an email each) and `total`
 * messages over ~30 days, loaded set-based with INSERT … SELECT generate_series.
 *
 * Mix (like production): 70 % outbound texts (80 % delivered, the rest sent, undelivered,
 * failed with Twilio reasons, refused, queued, pending), 10 % outbound emails (resends, with
 * their fallback reason), 20 % inbound texts. Messages of one send share a created_at (groups
 * of 8 here), so the id tie-break of the keyset matters. Each message has its status history.
 */
export const STAFF = 40;
export const STUDENTS = 2000;
/** First names of staff repeat every 8, so "Jordan" matches 5 people (a multi-person From filter). */
const NEWEST = new Date(Date.UTC(2025, 2, 31, 18, 0, 0));
const STAFF_FIRST_NAMES = ["Jordan", "Avery", "Riley", "Morgan", "Casey", "Quinn", "Taylor", "Reese"];

export type BenchData = {
  institutionId: string;
  adminUserId: string;
  advisorUserId: string;
  staff: { personId: string; number: string; firstName: string }[];
  students: { personId: string; number: string; email: string }[];
  /** The newest message's time; messages go back ~30 days from it. */
  newest: Date;
};

export async function loadBenchData(db: Db, total: number): Promise<BenchData> {
  const inst = await createInstitution(db, { timeZone: "America/Chicago", slug: "bench-report", name: "Bench College" });
  const admin = await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"], firstName: "Ada", lastName: "Admin" });
  await createUser(db, admin);
  const i = inst.id;

  await db.execute(sql`create table bench_staff (n int primary key, person_id uuid, user_id uuid, number text, email text)`);
  await db.execute(sql`create table bench_students (n int primary key, person_id uuid, number text, email text)`);
  await db.execute(sql`
    with p as (
      insert into persons (institution_id, first_name, last_name, src_system_id)
      select ${i}, (${`{${STAFF_FIRST_NAMES.join(",")}}`}::text[])[1 + (g % 8)], 'Staff' || lpad(g::text, 3, '0'), 'BENCH-STAFF-' || g
      from generate_series(0, ${STAFF - 1}) g
      returning id, src_system_id)
    insert into bench_staff (n, person_id, number, email)
    select substring(src_system_id from 13)::int, id,
      '+1312555' || lpad(substring(src_system_id from 13), 4, '0'), 'staff' || substring(src_system_id from 13) || '@bench.example.edu'
    from p`);
  await db.execute(sql`
    with u as (
      insert into users (institution_id, person_id, email, display_name)
      select ${i}, s.person_id, s.email, 'Staff ' || s.n from bench_staff s returning id, person_id)
    update bench_staff s set user_id = u.id from u where u.person_id = s.person_id`);
  await db.execute(sql`
    insert into person_roles (institution_id, person_id, role_id)
    select ${i}, person_id, ${inst.roles.ADVISOR.id} from bench_staff`);
  await db.execute(sql`
    with p as (
      insert into persons (institution_id, first_name, last_name, src_system_id)
      select ${i}, 'Student', 'Learner' || lpad(g::text, 4, '0'), 'BENCH-STU-' || g
      from generate_series(0, ${STUDENTS - 1}) g
      returning id, src_system_id)
    insert into bench_students (n, person_id, number, email)
    select substring(src_system_id from 11)::int, id,
      '+1773' || lpad((2000000 + substring(src_system_id from 11)::int)::text, 7, '0'),
      'student' || substring(src_system_id from 11) || '@bench.example.edu'
    from p`);
  await db.execute(sql`
    insert into person_roles (institution_id, person_id, role_id)
    select ${i}, person_id, ${inst.roles.STUDENT.id} from bench_students`);
  await db.execute(sql`
    insert into person_phones (institution_id, person_id, phone_type_id, phone_type_src_system_id, number, sms_status)
    select ${i}, person_id, ${inst.phoneTypes.CELL.id}, 'CELL', number, 'SMS_ENABLED' from bench_students`);
  await db.execute(sql`
    insert into person_emails (institution_id, person_id, email, is_primary)
    select ${i}, person_id, email, true from bench_students`);

  // u: kind (0–699 outbound SMS, 700–799 email, 800–999 inbound); v: status and reason.
  await db.execute(sql`
    insert into messages (institution_id, channel, direction, status, reason_code, error_code, from_user_id, from_person_id,
      to_person_id, from_address, to_address, body, segments, created_at, updated_at)
    select ${i}, k.channel, k.direction, k.status, k.reason, k.err,
      case when k.direction = 'OUTBOUND' then st.user_id end,
      case when k.direction = 'OUTBOUND' then st.person_id else su.person_id end,
      case when k.direction = 'OUTBOUND' then su.person_id else st.person_id end,
      case when k.channel = 'EMAIL' then st.email when k.direction = 'OUTBOUND' then st.number else su.number end,
      case when k.channel = 'EMAIL' then su.email when k.direction = 'OUTBOUND' then su.number else st.number end,
      'Bench message ' || g || ': ' || repeat('please stop by the advising office this week. ', 1 + (g % 5)),
      case when k.channel = 'SMS' then 1 + (g % 3) end, k.at, k.at
    from generate_series(1, ${total}) g
    cross join lateral (select ((g::bigint * 2654435761) % 1000)::int as u, ((g::bigint * 40503) % 1000)::int as v) r
    cross join lateral (
      select
        case when r.u < 700 or r.u >= 800 then 'SMS' else 'EMAIL' end as channel,
        case when r.u < 800 then 'OUTBOUND' else 'INBOUND' end as direction,
        case
          when r.u >= 800 then 'received'
          when r.u >= 700 then case when r.v < 850 then 'delivered' when r.v < 950 then 'sent' else 'failed' end
          when r.v < 800 then 'delivered' when r.v < 880 then 'sent' when r.v < 910 then 'undelivered'
          when r.v < 940 then 'failed' when r.v < 960 then 'refused' when r.v < 980 then 'queued' else 'pending' end as status,
        case
          when r.u >= 800 then null
          when r.u >= 700 then case when r.v >= 950 then 'UNDELIVERABLE' when r.v < 500 then 'NO_SMS_NUMBER'
            when r.v < 800 then 'TWILIO_INVALID_NUMBER' else 'SMS_MONTHLY_LIMIT_REACHED' end
          when r.v between 880 and 909 then 'TWILIO_ERROR_30003'
          when r.v between 910 and 924 then 'TWILIO_INVALID_NUMBER'
          when r.v between 925 and 939 then 'TWILIO_RECIPIENT_UNSUBSCRIBED'
          when r.v between 940 and 959 then 'SMS_MONTHLY_LIMIT_REACHED' end as reason,
        case when r.u < 700 and r.v between 880 and 909 then 30003 when r.u < 700 and r.v between 910 and 924 then 21211
          when r.u < 700 and r.v between 925 and 939 then 21610 end as err,
        ${NEWEST.toISOString()}::timestamptz - (g / 8) * interval '20 seconds' + ((g / 8) % 997) * interval '1 microsecond' as at
    ) k
    join bench_staff st on st.n = g % ${STAFF}
    join bench_students su on su.n = ((g::bigint * 7919) % ${STUDENTS})::int`);

  // History: the first status (pending, or received), queued once handed over, and the final one.
  await db.execute(sql`
    insert into message_events (institution_id, message_id, status, source, occurred_at)
    select institution_id, id, case when direction = 'INBOUND' then 'received' else 'pending' end,
      case when direction = 'INBOUND' then 'TWILIO' else 'APP' end, created_at
    from messages where institution_id = ${i}`);
  await db.execute(sql`
    insert into message_events (institution_id, message_id, status, source, occurred_at)
    select institution_id, id, 'queued', case when channel = 'SMS' then 'TWILIO' else 'RESEND' end, created_at + interval '1 second'
    from messages where institution_id = ${i} and direction = 'OUTBOUND' and status not in ('pending', 'refused')`);
  await db.execute(sql`
    insert into message_events (institution_id, message_id, status, source, error_code, reason_code, occurred_at)
    select institution_id, id, status, case when channel = 'SMS' then 'TWILIO' else 'RESEND' end, error_code, reason_code,
      created_at + interval '5 seconds'
    from messages where institution_id = ${i} and status in ('sent', 'delivered', 'undelivered', 'failed', 'refused')`);
  // A bulk load leaves the visibility map unset; autovacuum sets it on a live table. Vacuum now so
  // the index-only scans the report relies on are measured as they run in steady state.
  await db.execute(sql`vacuum analyze messages`);
  await db.execute(sql`analyze`);
  return readBenchData(db);
}

/** The benchmark's people, as loaded by `loadBenchData` (also for a rerun on data already loaded). */
export async function readBenchData(db: Db): Promise<BenchData> {
  const [i] = await db.execute<{ id: string }>(sql`select id from institutions where slug = 'bench-report'`);
  const [admin] = await db.execute<{ id: string }>(sql`
    select u.id from users u join persons p on p.id = u.person_id where p.institution_id = ${i.id} and p.first_name = 'Ada'`);
  const staff = await db.execute<{ person_id: string; number: string; first_name: string; user_id: string }>(sql`
    select s.person_id, s.number, p.first_name, s.user_id from bench_staff s join persons p on p.id = s.person_id order by s.n`);
  const students = await db.execute<{ person_id: string; number: string; email: string }>(sql`
    select person_id, number, email from bench_students order by n`);
  return {
    institutionId: i.id,
    adminUserId: admin.id,
    advisorUserId: staff[0].user_id,
    staff: staff.map((s) => ({ personId: s.person_id, number: s.number, firstName: s.first_name })),
    students: students.map((s) => ({ personId: s.person_id, number: s.number, email: s.email })),
    newest: NEWEST,
  };
}
