import { randomBytes, randomInt } from "node:crypto";
import { e2eDatabase } from "./database";

/*
 * Per-test people for the composer specs, written straight into the e2e database (Northfield),
 * so the tests never text the seeded people other specs look at. Local databases only.
 */

export type TestPerson = { id: string; firstName: string; lastName: string; email: string | null; number: string | null };

export function openE2eDatabase() {
  const sql = e2eDatabase(2);

  /** Northfield students: each with an SMS Enabled Cell (`number`), or none (`number: null`); an email unless `email: null`. */
  async function createStudents(specs: { firstName: string; lastName: string; phone: boolean; email: boolean }[]): Promise<TestPerson[]> {
    const [inst] = await sql<{ id: string; role_id: string; cell_id: string }[]>`
      select i.id, r.id as role_id, t.id as cell_id from institutions i
      join security_roles r on r.institution_id = i.id and r.code = 'STUDENT'
      join phone_types t on t.institution_id = i.id and t.src_system_id = 'CELL'
      where i.slug = 'northfield'`;
    const people: TestPerson[] = [];
    for (const s of specs) {
      const tag = randomBytes(4).toString("hex");
      const email = s.email ? `${s.firstName}.${s.lastName}.${tag}@students.example.test`.toLowerCase() : null;
      const number = s.phone ? `+1773${String(randomInt(2_000_000, 9_999_999))}` : null;
      const [p] = await sql<{ id: string }[]>`
        insert into persons (institution_id, first_name, last_name, src_system_id)
        values (${inst.id}, ${s.firstName}, ${s.lastName}, ${`E2E-${tag}`}) returning id`;
      await sql`insert into person_roles (institution_id, person_id, role_id) values (${inst.id}, ${p.id}, ${inst.role_id})`;
      if (email) await sql`insert into person_emails (institution_id, person_id, email, is_primary) values (${inst.id}, ${p.id}, ${email}, true)`;
      if (number) {
        await sql`
          insert into person_phones (institution_id, person_id, phone_type_id, number, sms_status, verified, verified_at, src_system_id, phone_type_src_system_id)
          values (${inst.id}, ${p.id}, ${inst.cell_id}, ${number}, 'SMS_ENABLED', true, now() - interval '2 days', ${`E2E-P-${tag}`}, 'CELL')`;
      }
      people.push({ id: p.id, firstName: s.firstName, lastName: s.lastName, email, number });
    }
    return people;
  }

  /** Messages sent by the user who signs in with `email`. */
  async function countMessagesFrom(email: string): Promise<number> {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from messages m join users u on u.id = m.from_user_id where u.email = ${email}`;
    return row.n;
  }

  return { createStudents, countMessagesFrom, close: () => sql.end({ timeout: 2 }) };
}

/** A last name no other test uses: letters only, so the People search matches it as one word. */
export function uniqueLastName(prefix: string): string {
  const letters = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join("");
  return `${prefix}${letters}`;
}
