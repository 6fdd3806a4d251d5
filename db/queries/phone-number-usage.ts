import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/** The Phone Number Usage grid's orders; every one ends in the assignment id so ties are stable. */
export const USAGE_SORTS = ["name", "number", "assigned"] as const;
export type UsageSort = (typeof USAGE_SORTS)[number];

/** A row's position in one order: the sort values (strings) and the assignment id. */
export type UsageKey = { values: string[]; id: string };

export type UsageSearch = {
  institutionId: string;
  /** Lower-cased words that must all appear in the holder's "first last email". */
  words: string[];
  /** Digits matched inside the system number. */
  numberDigits?: string;
  sort: UsageSort;
  descending: boolean;
  /** Rows strictly after `after` in the scan direction. */
  after?: UsageKey;
  limit: number;
};

export type UsageRow = {
  assignmentId: string;
  number: string;
  assignedAt: Date;
  /** assigned_at as PostgreSQL prints it (microseconds kept), for cursors. */
  assignedKey: string;
  userId: string;
  userEmail: string;
  personId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  isStaff: boolean;
};

function likeText(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The sort columns of each order, and how a cursor's string values are cast back. */
function sortKey(sort: UsageSort, after?: UsageKey): { columns: SQL; cursor?: SQL } {
  switch (sort) {
    case "name":
      return {
        columns: sql`(p.last_name, p.first_name, a.id)`,
        cursor: after && sql`(${after.values[0]}::text, ${after.values[1]}::text, ${after.id}::uuid)`,
      };
    case "number":
      return { columns: sql`(n.number, a.id)`, cursor: after && sql`(${after.values[0]}::text, ${after.id}::uuid)` };
    case "assigned":
      return {
        columns: sql`(a.assigned_at, a.id)`,
        cursor: after && sql`(${after.values[0]}::timestamptz, ${after.id}::uuid)`,
      };
  }
}

/**
 * One keyset page of the active system-number assignments of an institution (SPEC §3 Phone
 * Number Usage), with the holder's person and sign-in. Ordered by `sort`, then assignment id.
 */
export async function listPhoneNumberUsagePage(db: DbOrTx, s: UsageSearch): Promise<UsageRow[]> {
  const where: SQL[] = [sql`a.institution_id = ${s.institutionId}`, sql`a.released_at is null`];
  if (s.words.length) {
    const haystack = sql`lower(p.first_name || ' ' || coalesce(p.preferred_name, '') || ' ' || p.last_name || ' ' || u.email)`;
    for (const w of s.words) where.push(sql`${haystack} like ${likeText(w)}`);
  }
  if (s.numberDigits) where.push(sql`n.number like ${likeText(s.numberDigits)}`);
  const key = sortKey(s.sort, s.after);
  if (key.cursor) where.push(s.descending ? sql`${key.columns} < ${key.cursor}` : sql`${key.columns} > ${key.cursor}`);
  const dir = s.descending ? sql.raw("desc") : sql.raw("asc");
  const order =
    s.sort === "name"
      ? sql`p.last_name ${dir}, p.first_name ${dir}, a.id ${dir}`
      : s.sort === "number"
        ? sql`n.number ${dir}, a.id ${dir}`
        : sql`a.assigned_at ${dir}, a.id ${dir}`;

  const rows = await db.execute<{
    assignment_id: string;
    number: string;
    assigned_at: string;
    assigned_key: string;
    user_id: string;
    user_email: string;
    person_id: string;
    first_name: string;
    last_name: string;
    preferred_name: string | null;
    is_staff: boolean;
  }>(sql`
    select a.id as assignment_id, n.number, a.assigned_at, a.assigned_at::text as assigned_key, a.user_id, u.email as user_email,
      p.id as person_id, p.first_name, p.last_name, p.preferred_name,
      exists (select 1 from person_roles pr join security_roles sr on sr.id = pr.role_id
        where pr.person_id = p.id and pr.institution_id = a.institution_id and sr.kind = 'STAFF') as is_staff
    from system_number_assignments a
    join system_numbers n on n.id = a.system_number_id and n.institution_id = a.institution_id
    join persons p on p.id = a.person_id and p.institution_id = a.institution_id
    join users u on u.id = a.user_id and u.institution_id = a.institution_id
    where ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${s.limit}`);
  return rows.map((r) => ({
    assignmentId: r.assignment_id,
    number: r.number,
    assignedAt: new Date(r.assigned_at),
    assignedKey: r.assigned_key,
    userId: r.user_id,
    userEmail: r.user_email,
    personId: r.person_id,
    firstName: r.first_name,
    lastName: r.last_name,
    preferredName: r.preferred_name,
    isStaff: r.is_staff,
  }));
}

/** Active assignments and the ACTIVE numbers of the pool (SMS Phone Number Usage Limit meter). */
export async function countNumberUsage(db: DbOrTx, institutionId: string): Promise<{ assigned: number; pool: number }> {
  const [row] = await db.execute<{ assigned: number; pool: number }>(sql`
    select
      (select count(*)::int from system_number_assignments where institution_id = ${institutionId} and released_at is null) as assigned,
      (select count(*)::int from system_numbers where institution_id = ${institutionId} and status = 'ACTIVE') as pool`);
  return { assigned: Number(row?.assigned ?? 0), pool: Number(row?.pool ?? 0) };
}

/** Texts counted against the SMS Message Limit for each of `months` (YYYY-MM-01); 0 where none. */
export async function listMonthlyUsage(db: DbOrTx, institutionId: string, months: readonly string[]): Promise<Map<string, number>> {
  if (!months.length) return new Map();
  const rows = await db.execute<{ month: string; sent_count: number }>(sql`
    select to_char(month, 'YYYY-MM-DD') as month, sent_count from sms_usage_monthly
    where institution_id = ${institutionId} and month between ${months[0]}::date and ${months[months.length - 1]}::date`);
  return new Map(rows.map((r) => [r.month, Number(r.sent_count)]));
}

export type ReleasedAssignment = {
  assignmentId: string;
  number: string;
  personId: string;
  holderName: string;
  userId: string;
  personPhoneId: string;
};

/**
 * SPEC §6: ends one active assignment (who and when) and soft-deletes its System phone record,
 * which returns the number to the pool. Conditional on the assignment being active and in the
 * institution, so a second click or another institution's id changes nothing and returns null.
 * Call inside a transaction: the two writes belong together.
 */
export async function releaseAssignment(
  db: DbOrTx,
  params: { institutionId: string; assignmentId: string; userId: string | null; now: Date },
): Promise<ReleasedAssignment | null> {
  const [row] = await db.execute<{ id: string; number: string; person_id: string; holder_name: string; user_id: string; person_phone_id: string }>(sql`
    update system_number_assignments a
    set released_at = ${ts(params.now)}, released_by_user_id = ${params.userId}
    from system_numbers n, persons p
    where a.id = ${params.assignmentId} and a.institution_id = ${params.institutionId} and a.released_at is null
      and n.id = a.system_number_id and p.id = a.person_id
    returning a.id, n.number, a.person_id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name as holder_name,
      a.user_id, a.person_phone_id`);
  if (!row) return null;
  await db.execute(sql`
    update person_phones set deleted = true, updated_at = ${ts(params.now)}
    where id = ${row.person_phone_id} and institution_id = ${params.institutionId}`);
  return {
    assignmentId: row.id,
    number: row.number,
    personId: row.person_id,
    holderName: row.holder_name,
    userId: row.user_id,
    personPhoneId: row.person_phone_id,
  };
}
