import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/**
 * The conversation between a staff member (holder of a system number) and each counterpart
 * person, created when missing; set-based for any number of counterparts. Existing rows are
 * not rewritten (a bulk send must not update thousands of rows): lists order conversations
 * by their latest message. Returns counterpart person id → conversation id.
 */
export async function ensureConversations(
  db: DbOrTx,
  params: {
    institutionId: string;
    ownerPersonId: string;
    systemNumberId: string;
    counterparts: { personId: string; number: string | null }[];
    now: Date;
  },
): Promise<Map<string, string>> {
  if (params.counterparts.length === 0) return new Map();
  const persons = `{${params.counterparts.map((c) => c.personId).join(",")}}`;
  const numbers = `{${params.counterparts.map((c) => (c.number ? `"${c.number}"` : "NULL")).join(",")}}`;
  await db.execute(sql`
    insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number, system_number_id, last_message_at, created_at)
    select ${params.institutionId}, ${params.ownerPersonId}, x.person_id, x.number, ${params.systemNumberId}, ${ts(params.now)}, ${ts(params.now)}
    from unnest(${persons}::uuid[], ${numbers}::text[]) as x(person_id, number)
    on conflict (institution_id, owner_person_id, counterpart_person_id) where counterpart_person_id is not null
    do nothing`);
  const found = await db.execute<{ id: string; counterpart_person_id: string }>(sql`
    select id, counterpart_person_id from conversations
    where institution_id = ${params.institutionId} and owner_person_id = ${params.ownerPersonId}
      and counterpart_person_id = any(${persons}::uuid[])`);
  return new Map(found.map((r) => [r.counterpart_person_id, r.id]));
}
