import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { persons, recipientListMembers, recipientLists, users } from "@/db/schema";

/** One saved list as its owner, the composer and the lists page read it (institution in every where). */
export async function findRecipientList(db: DbOrTx, institutionId: string, listId: string, opts: { forUpdate?: boolean } = {}) {
  const query = db
    .select({ id: recipientLists.id, name: recipientLists.name, shared: recipientLists.shared, ownerUserId: recipientLists.ownerUserId })
    .from(recipientLists)
    .where(and(eq(recipientLists.institutionId, institutionId), eq(recipientLists.id, listId)));
  const [row] = await (opts.forUpdate ? query.for("update") : query);
  return row ?? null;
}

/**
 * The lists a staff member may use: their own and those shared in the institution (`all`: every
 * list of the institution, for an administrator), by name, with their owner and live members.
 */
export function listRecipientLists(db: DbOrTx, p: { institutionId: string; userId: string; all: boolean }) {
  const members = db
    .select({ listId: recipientListMembers.listId, n: count().as("n") })
    .from(recipientListMembers)
    .innerJoin(persons, and(eq(persons.id, recipientListMembers.personId), eq(persons.deleted, false)))
    .where(eq(recipientListMembers.institutionId, p.institutionId))
    .groupBy(recipientListMembers.listId)
    .as("members");
  return db
    .select({
      id: recipientLists.id,
      name: recipientLists.name,
      shared: recipientLists.shared,
      ownerUserId: recipientLists.ownerUserId,
      ownerName: users.displayName,
      members: sql<number>`coalesce(${members.n}, 0)::int`,
    })
    .from(recipientLists)
    .innerJoin(users, eq(users.id, recipientLists.ownerUserId))
    .leftJoin(members, eq(members.listId, recipientLists.id))
    .where(
      and(
        eq(recipientLists.institutionId, p.institutionId),
        p.all ? undefined : or(eq(recipientLists.ownerUserId, p.userId), eq(recipientLists.shared, true)),
      ),
    )
    .orderBy(asc(sql`lower(${recipientLists.name})`), asc(recipientLists.id));
}

export async function insertRecipientList(db: DbOrTx, p: { institutionId: string; ownerUserId: string; name: string; shared: boolean; now: Date }) {
  const [row] = await db
    .insert(recipientLists)
    .values({ institutionId: p.institutionId, ownerUserId: p.ownerUserId, name: p.name, shared: p.shared, createdAt: p.now, updatedAt: p.now })
    .returning({ id: recipientLists.id });
  return row.id;
}

export async function updateRecipientList(db: DbOrTx, institutionId: string, listId: string, values: { name?: string; shared?: boolean; now: Date }) {
  const { now, ...set } = values;
  await db
    .update(recipientLists)
    .set({ ...set, updatedAt: now })
    .where(and(eq(recipientLists.institutionId, institutionId), eq(recipientLists.id, listId)));
}

export async function deleteRecipientList(db: DbOrTx, institutionId: string, listId: string) {
  await db.delete(recipientLists).where(and(eq(recipientLists.institutionId, institutionId), eq(recipientLists.id, listId)));
}

/**
 * Adds people to a list, only those of its institution and not deleted (others are skipped:
 * the caller reports them); already there is no change. Returns the ids added or already there.
 */
export async function addRecipientListMembers(db: DbOrTx, p: { institutionId: string; listId: string; personIds: readonly string[]; now: Date }) {
  if (p.personIds.length === 0) return [];
  const rows = await db.execute<{ id: string }>(sql`
    with found as (
      select ${persons.id} as id from ${persons}
      where ${persons.institutionId} = ${p.institutionId} and not ${persons.deleted}
        and ${persons.id} = any(${`{${p.personIds.join(",")}}`}::uuid[])
    ), added as (
      insert into ${recipientListMembers} (list_id, institution_id, person_id, added_at)
      select ${p.listId}::uuid, ${p.institutionId}::uuid, found.id, ${p.now.toISOString()}::timestamptz from found
      on conflict do nothing
    )
    select id from found`);
  return rows.map((r) => r.id);
}

export async function removeRecipientListMembers(db: DbOrTx, p: { institutionId: string; listId: string; personIds: readonly string[] }) {
  if (p.personIds.length === 0) return 0;
  const removed = await db
    .delete(recipientListMembers)
    .where(
      and(
        eq(recipientListMembers.institutionId, p.institutionId),
        eq(recipientListMembers.listId, p.listId),
        inArray(recipientListMembers.personId, [...p.personIds]),
      ),
    )
    .returning({ personId: recipientListMembers.personId });
  return removed.length;
}

/** The list's members who are still people of the institution (not deleted), in name order, up to `limit`. */
export async function listRecipientListMembers(db: DbOrTx, p: { institutionId: string; listId: string; limit: number }) {
  return db
    .select({ id: persons.id, firstName: persons.firstName, lastName: persons.lastName, preferredName: persons.preferredName })
    .from(recipientListMembers)
    .innerJoin(persons, and(eq(persons.id, recipientListMembers.personId), eq(persons.institutionId, p.institutionId), eq(persons.deleted, false)))
    .where(and(eq(recipientListMembers.institutionId, p.institutionId), eq(recipientListMembers.listId, p.listId)))
    .orderBy(asc(persons.lastName), asc(persons.firstName), asc(persons.id))
    .limit(p.limit);
}

/** How many of the list's members are still people of the institution (not deleted). */
export async function countRecipientListMembers(db: DbOrTx, p: { institutionId: string; listId: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recipientListMembers)
    .innerJoin(persons, and(eq(persons.id, recipientListMembers.personId), eq(persons.institutionId, p.institutionId), eq(persons.deleted, false)))
    .where(and(eq(recipientListMembers.institutionId, p.institutionId), eq(recipientListMembers.listId, p.listId)));
  return Number(row.n);
}
