import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { smsPermittedRoles, systemNumberAssignments } from "@/db/schema";
import { verifyPassword } from "@/db/password";
import { DEMO_PASSWORD, isDatabaseEmpty, NORTHFIELD_STUDENTS, seedDemo, type SeededDemo } from "@/db/seed";

const NOW = new Date("2026-03-15T15:00:00Z");

/** Row count and an md5 of every row's text, for every table: equal fingerprints = the same rows. */
async function fingerprint() {
  const db = getDb();
  const tables = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const { name } of tables) {
    const [row] = await db.execute<{ rows: number; md5: string }>(
      sql`select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from ${sql.identifier(name)} t`,
    );
    result[name] = row;
  }
  return result;
}

async function rows<T extends Record<string, unknown>>(query: ReturnType<typeof sql>) {
  return [...(await getDb().execute<T>(query))];
}

let seeded: SeededDemo;

beforeAll(async () => {
  expect(await isDatabaseEmpty(getDb())).toBe(true);
  seeded = await seedDemo(getDb(), { now: NOW });
});

describe("seedDemo", () => {
  it("leaves exactly the same rows when run again", async () => {
    const first = await fingerprint();
    expect(first.persons.rows).toBe(80);
    const again = await seedDemo(getDb(), { now: new Date(NOW.getTime() + 86_400_000) });
    expect(await fingerprint()).toEqual(first);
    expect(again.northfield.id).toBe(seeded.northfield.id);
    expect([...again.northfield.personIds]).toEqual([...seeded.northfield.personIds]);
    expect(await isDatabaseEmpty(getDb())).toBe(false);
  });

  it("creates both institutions with their settings", async () => {
    const institutions = await rows(sql`
      select i.slug, i.name, i.time_zone, i.sms_monthly_limit, i.sms_phone_number_limit,
        s.student_default_status, s.staff_default_status, t.name as default_type, a.sms_max_length,
        (select string_agg(r.code, ',' order by r.code) from sms_permitted_roles p
          join security_roles r on r.id = p.role_id where p.institution_id = i.id) as permitted,
        (select string_agg(r.code || ':' || r.kind, ',' order by r.code) from security_roles r where r.institution_id = i.id) as roles,
        (select string_agg(pt.name || ':' || pt.src_system_id, ',' order by pt.name) from phone_types pt where pt.institution_id = i.id) as types
      from institutions i join sms_settings s on s.institution_id = i.id
      join phone_types t on t.id = s.default_phone_type_id join app_settings a on a.institution_id = i.id
      order by i.slug`);
    const shared = {
      student_default_status: "OPTED_IN",
      staff_default_status: "OPTED_OUT",
      default_type: "Cell",
      sms_max_length: 1000,
      permitted: "ADMIN,ADVISOR,COACH",
      roles: "ADMIN:STAFF,ADVISOR:STAFF,COACH:STAFF,FACULTY:STAFF,PROSPECT:STUDENT,STUDENT:STUDENT",
      types: "Cell:CELL,Home:HOME,System:AVISO.SYSTEM,Work:WORK",
    };
    expect(institutions).toEqual([
      { slug: "lakeside", name: "Lakeside Community College", time_zone: "America/Los_Angeles", sms_monthly_limit: 500, sms_phone_number_limit: 2, ...shared },
      { slug: "northfield", name: "Northfield State University", time_zone: "America/Chicago", sms_monthly_limit: 5000, sms_phone_number_limit: 8, ...shared },
    ]);
  });

  it("creates exactly the listed sign-ins, sharing one demo-pass hash", async () => {
    const users = await rows<{ email: string; slug: string; person: boolean; is_operator: boolean }>(sql`
      select u.email, i.slug, u.person_id is not null as person, u.is_operator
      from users u join institutions i on i.id = u.institution_id order by u.email`);
    expect(users.map((u) => u.email)).toEqual([
      "admin@lakeside.edu", "admin@northfield.edu", "advisor@lakeside.edu", "advisor@northfield.edu",
      "casey.nguyen@northfield.edu", "chris.walker@northfield.edu", "dana.brooks@northfield.edu",
      "faculty@northfield.edu", "jamie.torres@northfield.edu", "locked@northfield.edu", "morgan.lee@northfield.edu",
      "operator@platform.example", "riley.johnson@northfield.edu", "robin.hayes@northfield.edu",
      "student@northfield.edu", "taylor.quinn@northfield.edu",
    ]);
    expect(users.filter((u) => u.slug === "lakeside").map((u) => u.email)).toEqual(["admin@lakeside.edu", "advisor@lakeside.edu"]);
    expect(users.filter((u) => !u.person).map((u) => [u.email, u.is_operator])).toEqual([["operator@platform.example", true]]);
    const hashes = await rows<{ password_hash: string }>(sql`select distinct password_hash from credentials`);
    expect(hashes).toHaveLength(1);
    expect(await verifyPassword(DEMO_PASSWORD, hashes[0].password_hash)).toBe(true);
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from users u left join credentials c on c.user_id = u.id where c.user_id is null`);
    expect(n).toBe(0);
  });

  it("gives the demo sign-ins the capabilities the demo relies on", async () => {
    const ids = seeded.northfield.userIds;
    const caps = async (email: string) => (await loadActor(getDb(), ids.get(email) ?? seeded.lakeside.userIds.get(email)!))!.capabilities;
    expect(await caps("admin@northfield.edu")).toEqual({ admin: true, operator: false, staff: true, student: false, permittedSender: true });
    expect(await caps("advisor@northfield.edu")).toEqual({ admin: false, operator: false, staff: true, student: false, permittedSender: true });
    expect(await caps("faculty@northfield.edu")).toEqual({ admin: false, operator: false, staff: true, student: false, permittedSender: false });
    expect(await caps("student@northfield.edu")).toEqual({ admin: false, operator: false, staff: false, student: true, permittedSender: false });
    expect(await caps("operator@platform.example")).toEqual({ admin: false, operator: true, staff: false, student: false, permittedSender: false });
    expect(await caps("admin@lakeside.edu")).toMatchObject({ admin: true, permittedSender: true });
    expect(await caps("locked@northfield.edu")).toMatchObject({ staff: true, permittedSender: false });
  });

  it("covers every SMS status, verified and not, deleted phones, in E.164 with source ids", async () => {
    const phones = await rows<{ sms_status: string; verified: boolean; deleted: boolean; n: number }>(sql`
      select ph.sms_status, ph.verified, ph.deleted, count(*)::int as n from person_phones ph
      join institutions i on i.id = ph.institution_id where i.slug = 'northfield' group by 1, 2, 3`);
    expect(new Set(phones.map((p) => p.sms_status))).toEqual(new Set(["SMS_DEFAULT", "SMS_ENABLED", "SMS_DISABLED"]));
    expect(new Set(phones.map((p) => p.verified))).toEqual(new Set([true, false]));
    expect(phones.some((p) => p.deleted)).toBe(true);
    const [bad] = await rows<{ n: number }>(sql`
      select count(*)::int as n from person_phones ph join phone_types t on t.id = ph.phone_type_id
      where ph.number !~ '^[+]1[0-9]{10}$' or ph.src_system_id is null or ph.phone_type_src_system_id <> t.src_system_id
        or (ph.verified and (ph.verified_by_user_id is null or ph.verified_at is null))`);
    expect(bad.n).toBe(0);
  });

  it("places each delivery case on Alex Rivera's caseload", async () => {
    const students = await rows<{ src: string; emails: number; phones: string | null }>(sql`
      select p.src_system_id as src,
        (select count(*)::int from person_emails e where e.person_id = p.id) as emails,
        (select string_agg(ph.number || ':' || ph.phone_type_src_system_id || ':' || ph.sms_status || ':' || ph.deleted, ',' order by ph.src_system_id)
          from person_phones ph where ph.person_id = p.id) as phones
      from success_team_members m join persons p on p.id = m.student_person_id
      join users u on u.person_id = m.staff_person_id where u.email = 'advisor@northfield.edu' order by p.src_system_id`);
    expect(students).toHaveLength(20);
    const bySrc = new Map(students.map((s) => [s.src, s]));
    expect(bySrc.get(NORTHFIELD_STUDENTS.noPhone)).toMatchObject({ emails: 1, phones: null });
    expect(bySrc.get(NORTHFIELD_STUDENTS.unreachable)).toMatchObject({ emails: 0, phones: null });
    expect(bySrc.get(NORTHFIELD_STUDENTS.unsubscribed)!.phones).toMatch(/^\+15005550004:CELL:SMS_ENABLED:false,/);
    expect(bySrc.get(NORTHFIELD_STUDENTS.invalidNumber)!.phones).toBe("+15005550001:CELL:SMS_ENABLED:false");
    expect(bySrc.get(NORTHFIELD_STUDENTS.cannotReceive)!.phones).toBe("+15005550009:CELL:SMS_ENABLED:false");
    expect(bySrc.get(NORTHFIELD_STUDENTS.optedOut)!.phones).toMatch(/^\+1\d{10}:CELL:SMS_DISABLED:false$/);
    expect(bySrc.get(NORTHFIELD_STUDENTS.homeOnly)!.phones).toMatch(/^\+1\d{10}:HOME:SMS_DEFAULT:false$/);
    expect(bySrc.get(NORTHFIELD_STUDENTS.deletedPhone)!.phones).toMatch(/:CELL:SMS_ENABLED:true,.*:CELL:SMS_DEFAULT:false$/);
    expect(bySrc.has(NORTHFIELD_STUDENTS.sam)).toBe(true);
  });

  it("has exactly one number held by two persons: the Ortiz siblings' parent's phone", async () => {
    const shared = await rows<{ number: string; holders: string }>(sql`
      select ph.number, string_agg(p.src_system_id, ',' order by p.src_system_id) as holders
      from person_phones ph join persons p on p.id = ph.person_id
      where not ph.deleted group by ph.institution_id, ph.number having count(distinct ph.person_id) > 1`);
    expect(shared).toHaveLength(1);
    expect(shared[0].holders).toBe(`${NORTHFIELD_STUDENTS.sharedNumberSister},${NORTHFIELD_STUDENTS.sharedNumberBrother}`);
  });

  it("records where a handful of students are, so quiet hours have states and zones to show (SPEC §9)", async () => {
    const located = await rows<{ name: string; time_zone: string; state: string }>(sql`
      select first_name || ' ' || last_name as name, time_zone, state from persons
      where time_zone is not null or state is not null order by last_name, first_name`);
    expect(located).toEqual([
      { name: "Ivy Chen", time_zone: "Pacific/Honolulu", state: "HI" },
      { name: "Noah Kim", time_zone: "America/New_York", state: "FL" },
      { name: "Priya Nair", time_zone: "America/Los_Angeles", state: "CA" },
      { name: "Marco Ortiz", time_zone: "America/Chicago", state: "TX" },
      { name: "Ravi Shah", time_zone: "America/Phoenix", state: "AZ" },
    ]);
  });

  it("has the shared templates and the advisor's saved replies, each with its creation recorded, and students with and without a preferred name (SPEC §10)", async () => {
    const templates = await rows<{ institution: string; name: string; owner: string | null; changes: number }>(sql`
      select i.slug as institution, t.name, u.email as owner, (select count(*)::int from message_template_changes c where c.template_id = t.id) as changes
      from message_templates t join institutions i on i.id = t.institution_id left join users u on u.id = t.owner_user_id
      order by i.slug, t.owner_user_id nulls first, t.name`);
    expect(templates).toEqual([
      { institution: "lakeside", name: "Registration reminder", owner: null, changes: 1 },
      { institution: "northfield", name: "Advising appointment", owner: null, changes: 1 },
      { institution: "northfield", name: "FAFSA deadline", owner: null, changes: 1 },
      { institution: "northfield", name: "Registration reminder", owner: null, changes: 1 },
      { institution: "northfield", name: "office-hours", owner: "advisor@northfield.edu", changes: 1 },
      { institution: "northfield", name: "thanks", owner: "advisor@northfield.edu", changes: 1 },
    ]);
    const [names] = await rows<{ with_preferred: number; without: number }>(sql`
      select count(*) filter (where p.preferred_name is not null)::int as with_preferred, count(*) filter (where p.preferred_name is null)::int as without
      from persons p join person_roles pr on pr.person_id = p.id join security_roles r on r.id = pr.role_id and r.code = 'STUDENT'`);
    expect(names.with_preferred).toBeGreaterThan(0);
    expect(names.without).toBeGreaterThan(names.with_preferred);
  });

  it("gives every student one or two staff on the success team", async () => {
    const [{ bad }] = await rows<{ bad: number }>(sql`
      select count(*)::int as bad from persons p join person_roles pr on pr.person_id = p.id
      join security_roles r on r.id = pr.role_id and r.code = 'STUDENT'
      where (select count(*) from success_team_members m where m.student_person_id = p.id) not between 1 and 2`);
    expect(bad).toBe(0);
  });

  it("has the pools and one active assignment with its System phone record", async () => {
    const pools = await rows(sql`
      select i.slug, count(*)::int as numbers, bool_and(n.status = 'ACTIVE') as active
      from system_numbers n join institutions i on i.id = n.institution_id group by 1 order by 1`);
    expect(pools).toEqual([
      { slug: "lakeside", numbers: 3, active: true },
      { slug: "northfield", numbers: 12, active: true },
    ]);
    const assignments = await rows(sql`
      select u.email, n.number, ph.number as phone_number, t.name as type, ph.phone_type_src_system_id,
        ph.src_system_id like '%.AVISO.SMS' as aviso_sms, ph.sms_status, ph.deleted, a.released_at
      from system_number_assignments a join users u on u.id = a.user_id join system_numbers n on n.id = a.system_number_id
      join person_phones ph on ph.id = a.person_phone_id join phone_types t on t.id = ph.phone_type_id
      where a.person_id = u.person_id and ph.person_id = a.person_id`);
    expect(assignments).toEqual([
      {
        email: "dana.brooks@northfield.edu",
        number: "+13125550201",
        phone_number: "+13125550201",
        type: "System",
        phone_type_src_system_id: "AVISO.SYSTEM",
        aviso_sms: true,
        sms_status: "SMS_DEFAULT",
        deleted: false,
        released_at: null,
      },
    ]);
  });

  it("never links a row to another institution's row", async () => {
    const pairs = [
      sql`select count(*)::int as n from person_emails c join persons p on p.id = c.person_id where c.institution_id <> p.institution_id`,
      sql`select count(*)::int as n from person_roles c join persons p on p.id = c.person_id join security_roles r on r.id = c.role_id
        where c.institution_id <> p.institution_id or c.institution_id <> r.institution_id`,
      sql`select count(*)::int as n from person_phones c join persons p on p.id = c.person_id join phone_types t on t.id = c.phone_type_id
        left join users v on v.id = c.verified_by_user_id
        where c.institution_id <> p.institution_id or c.institution_id <> t.institution_id or c.institution_id <> v.institution_id`,
      sql`select count(*)::int as n from success_team_members c join persons s on s.id = c.student_person_id join persons f on f.id = c.staff_person_id
        where c.institution_id <> s.institution_id or c.institution_id <> f.institution_id`,
      sql`select count(*)::int as n from users c join persons p on p.id = c.person_id where c.institution_id <> p.institution_id`,
      sql`select count(*)::int as n from credentials c join users u on u.id = c.user_id where c.institution_id <> u.institution_id`,
      sql`select count(*)::int as n from phone_history c join person_phones ph on ph.id = c.phone_id join users u on u.id = c.actor_user_id
        where c.institution_id <> ph.institution_id or c.institution_id <> u.institution_id`,
      sql`select count(*)::int as n from system_number_assignments c join system_numbers n on n.id = c.system_number_id
        join users u on u.id = c.user_id join persons p on p.id = c.person_id join person_phones ph on ph.id = c.person_phone_id
        where c.institution_id not in (n.institution_id, u.institution_id, p.institution_id, ph.institution_id)
          or n.institution_id <> u.institution_id or p.institution_id <> ph.institution_id`,
      sql`select count(*)::int as n from sms_settings c join phone_types t on t.id = c.default_phone_type_id where c.institution_id <> t.institution_id`,
      sql`select count(*)::int as n from sms_permitted_roles c join security_roles r on r.id = c.role_id where c.institution_id <> r.institution_id`,
    ];
    for (const q of pairs) expect((await rows<{ n: number }>(q))[0].n).toBe(0);
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from persons p join institutions i on i.id = p.institution_id where i.slug = 'lakeside'`);
    expect(n).toBe(8);
  });

  it("records the demo's verified phones and statuses as the administrator's edits", async () => {
    const [{ missing }] = await rows<{ missing: number }>(sql`
      select count(*)::int as missing from person_phones ph
      where (ph.verified and not exists (select 1 from phone_history h where h.phone_id = ph.id and h.field = 'VERIFIED'))
         or (ph.sms_status <> 'SMS_DEFAULT' and not exists (select 1 from phone_history h where h.phone_id = ph.id and h.field = 'SMS_STATUS' and h.new_value = ph.sms_status))`);
    expect(missing).toBe(0);
  });

  it("does not undo an administrator's later changes when run again", async () => {
    const db = getDb();
    const nf = seeded.northfield.id;
    await db.update(systemNumberAssignments).set({ releasedAt: NOW }).where(eq(systemNumberAssignments.institutionId, nf));
    await db.execute(sql`update person_phones set deleted = true where src_system_id like '%.AVISO.SMS' and institution_id = ${nf}`);
    await db.execute(sql`delete from sms_permitted_roles p using security_roles r where r.id = p.role_id and r.code = 'COACH' and p.institution_id = ${nf}`);
    await seedDemo(db, { now: NOW });
    const active = await db.select().from(systemNumberAssignments).where(sql`${systemNumberAssignments.releasedAt} is null`);
    expect(active).toEqual([]);
    const permitted = await db.select().from(smsPermittedRoles).where(and(eq(smsPermittedRoles.institutionId, nf)));
    expect(permitted).toHaveLength(2);
  });
});
