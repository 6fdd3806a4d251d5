import { and, eq, isNull, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { personEmails, personRoles, persons, scimUsers, systemNumberAssignments, users } from "@/db/schema";

/* SCIM 2.0 provisioning's users (issue 19.4): every query is scoped by institution but the sign-in email look-up (emails are unique on the platform). */

/** A user as SCIM sees it. */
export type ScimUserRow = {
  userId: string;
  personId: string;
  userName: string;
  displayName: string;
  disabled: boolean;
  personDeleted: boolean;
  givenName: string;
  familyName: string;
  emails: { value: string; primary: boolean }[];
  externalId: string | null;
  createdAt: Date;
  lastModified: Date;
};

type RawScimUser = {
  user_id: string;
  person_id: string;
  email: string;
  display_name: string;
  disabled: boolean;
  person_deleted: boolean;
  first_name: string;
  last_name: string;
  emails: { value: string; primary: boolean }[] | null;
  external_id: string | null;
  created_at: string;
  last_modified: string;
};

const toRow = (r: RawScimUser): ScimUserRow => ({
  userId: r.user_id,
  personId: r.person_id,
  userName: r.email,
  displayName: r.display_name,
  disabled: r.disabled,
  personDeleted: r.person_deleted,
  givenName: r.first_name,
  familyName: r.last_name,
  emails: r.emails ?? [],
  externalId: r.external_id,
  createdAt: new Date(r.created_at),
  lastModified: new Date(r.last_modified),
});

/**
 * The users SCIM may see of an institution: those with a person, not the platform operator,
 * and not deleted through SCIM. `userName` is compared lower-cased (sign-in emails are stored
 * so; SCIM's userName is case-insensitive, RFC 7643 §4.1.1).
 */
function visibleUsers(institutionId: string, where: { userId?: string; userName?: string; externalId?: string }) {
  const conditions = [
    sql`u.institution_id = ${institutionId}`,
    sql`not u.is_operator`,
    sql`(l.user_id is null or l.deleted_at is null)`,
  ];
  if (where.userId !== undefined) conditions.push(sql`u.id = ${where.userId}`);
  if (where.userName !== undefined) conditions.push(sql`u.email = ${where.userName.toLowerCase()}`);
  if (where.externalId !== undefined) conditions.push(sql`l.external_id = ${where.externalId}`);
  return sql`
    from users u
    join persons p on p.id = u.person_id and p.institution_id = u.institution_id
    left join scim_users l on l.user_id = u.id and l.institution_id = u.institution_id
    where ${sql.join(conditions, sql` and `)}`;
}

const userColumns = sql`u.id as user_id, p.id as person_id, u.email, u.display_name, u.disabled, p.deleted as person_deleted,
  p.first_name, p.last_name, l.external_id, u.created_at,
  greatest(u.updated_at, p.updated_at, coalesce(l.updated_at, u.updated_at)) as last_modified,
  (select json_agg(json_build_object('value', e.email, 'primary', e.is_primary) order by e.is_primary desc, e.email)
     from person_emails e where e.person_id = p.id and e.institution_id = p.institution_id) as emails`;

/** One page of visible users, oldest first, and how many match in all. */
export async function listScimUsers(
  db: DbOrTx,
  p: { institutionId: string; userName?: string; externalId?: string; offset: number; limit: number },
): Promise<{ total: number; rows: ScimUserRow[] }> {
  const from = visibleUsers(p.institutionId, { userName: p.userName, externalId: p.externalId });
  const [count] = await db.execute<{ total: number }>(sql`select count(*)::int as total ${from}`);
  const rows =
    p.limit > 0 ? await db.execute<RawScimUser>(sql`select ${userColumns} ${from} order by u.created_at, u.id offset ${p.offset} limit ${p.limit}`) : [];
  return { total: Number(count?.total ?? 0), rows: rows.map(toRow) };
}

/** One visible user of the institution; `lock` takes the user's row lock (for a read-modify-write). */
export async function findScimUser(db: DbOrTx, p: { institutionId: string; userId: string; lock?: boolean }): Promise<ScimUserRow | undefined> {
  const [row] = await db.execute<RawScimUser>(
    sql`select ${userColumns} ${visibleUsers(p.institutionId, { userId: p.userId })} ${p.lock ? sql`for update of u` : sql``}`,
  );
  return row && toRow(row);
}

/** The user signing in with this email on the whole platform (sign-in emails are unique), with their SCIM state. */
export async function findUserBySignInEmail(db: DbOrTx, email: string) {
  const [row] = await db
    .select({ userId: users.id, institutionId: users.institutionId, scimDeletedAt: scimUsers.deletedAt })
    .from(users)
    .leftJoin(scimUsers, eq(scimUsers.userId, users.id))
    .where(eq(users.email, email.toLowerCase()));
  return row;
}

/** What SCIM writes of a user and their person. */
export type ScimUserWrite = {
  userName: string;
  displayName: string;
  givenName: string;
  familyName: string;
  /** Lower-cased, distinct; the first is primary. */
  emails: string[];
  externalId: string | null;
};

/** Creates a staff person with `roleId`, their emails and their sign-in, linked to SCIM. Run in a transaction. */
export async function insertScimUser(db: DbOrTx, p: { institutionId: string; roleId: string; user: ScimUserWrite; now: Date }): Promise<string> {
  const [person] = await db
    .insert(persons)
    .values({ institutionId: p.institutionId, firstName: p.user.givenName, lastName: p.user.familyName, source: "API", createdAt: p.now, updatedAt: p.now })
    .returning({ id: persons.id });
  await db.insert(personRoles).values({ institutionId: p.institutionId, personId: person.id, roleId: p.roleId });
  await replacePersonEmails(db, { institutionId: p.institutionId, personId: person.id, emails: p.user.emails });
  const [user] = await db
    .insert(users)
    .values({ institutionId: p.institutionId, personId: person.id, email: p.user.userName, displayName: p.user.displayName, createdAt: p.now, updatedAt: p.now })
    .returning({ id: users.id });
  await upsertScimLink(db, { institutionId: p.institutionId, userId: user.id, externalId: p.user.externalId, now: p.now });
  return user.id;
}

/** Writes a visible user's attributes (sign-in email, names, emails, externalId). Run in a transaction. */
export async function updateScimUser(db: DbOrTx, p: { institutionId: string; userId: string; personId: string; user: ScimUserWrite; now: Date }): Promise<void> {
  await db
    .update(users)
    .set({ email: p.user.userName, displayName: p.user.displayName, updatedAt: p.now })
    .where(and(eq(users.id, p.userId), eq(users.institutionId, p.institutionId)));
  await db
    .update(persons)
    .set({ firstName: p.user.givenName, lastName: p.user.familyName, updatedAt: p.now })
    .where(and(eq(persons.id, p.personId), eq(persons.institutionId, p.institutionId)));
  await replacePersonEmails(db, { institutionId: p.institutionId, personId: p.personId, emails: p.user.emails });
  await upsertScimLink(db, { institutionId: p.institutionId, userId: p.userId, externalId: p.user.externalId, now: p.now });
}

/** The person's emails become exactly `emails` (the first primary); unchanged addresses keep their rows. */
async function replacePersonEmails(db: DbOrTx, p: { institutionId: string; personId: string; emails: string[] }) {
  const scope = and(eq(personEmails.personId, p.personId), eq(personEmails.institutionId, p.institutionId));
  await db.delete(personEmails).where(p.emails.length ? and(scope, notInArray(personEmails.email, p.emails)) : scope);
  await db.update(personEmails).set({ isPrimary: false }).where(and(scope, personEmails.isPrimary));
  if (!p.emails.length) return;
  await db
    .insert(personEmails)
    .values(p.emails.map((email, i) => ({ institutionId: p.institutionId, personId: p.personId, email, isPrimary: i === 0 })))
    .onConflictDoUpdate({ target: [personEmails.personId, personEmails.email], set: { isPrimary: sql`excluded.is_primary` } });
}

async function upsertScimLink(db: DbOrTx, p: { institutionId: string; userId: string; externalId: string | null; now: Date }) {
  await db
    .insert(scimUsers)
    .values({ userId: p.userId, institutionId: p.institutionId, externalId: p.externalId, createdAt: p.now, updatedAt: p.now })
    .onConflictDoUpdate({ target: scimUsers.userId, set: { externalId: p.externalId, deletedAt: null, updatedAt: p.now } });
}

/** Marks a user deleted through SCIM: no longer listed to SCIM (the user and person stay). */
export async function markScimUserDeleted(db: DbOrTx, p: { institutionId: string; userId: string; now: Date }): Promise<void> {
  await db
    .insert(scimUsers)
    .values({ userId: p.userId, institutionId: p.institutionId, deletedAt: p.now, createdAt: p.now, updatedAt: p.now })
    .onConflictDoUpdate({ target: scimUsers.userId, set: { deletedAt: p.now, updatedAt: p.now } });
}

/** Clears the SCIM deletion mark of a user of the institution (the directory creates them again). */
export async function restoreScimUser(db: DbOrTx, p: { institutionId: string; userId: string; now: Date }): Promise<void> {
  await db
    .update(scimUsers)
    .set({ deletedAt: null, updatedAt: p.now })
    .where(and(eq(scimUsers.userId, p.userId), eq(scimUsers.institutionId, p.institutionId)));
}

/** The user's active system-number assignment in the institution, if any (SPEC §6). */
export async function findActiveAssignmentOfUser(db: DbOrTx, p: { institutionId: string; userId: string }): Promise<string | undefined> {
  const [row] = await db
    .select({ id: systemNumberAssignments.id })
    .from(systemNumberAssignments)
    .where(
      and(
        eq(systemNumberAssignments.institutionId, p.institutionId),
        eq(systemNumberAssignments.userId, p.userId),
        isNull(systemNumberAssignments.releasedAt),
      ),
    );
  return row?.id;
}
