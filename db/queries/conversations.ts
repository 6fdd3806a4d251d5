import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { ts } from "@/db/queries/sql-values";

/**
 * The conversation between a staff member (holder of a system number) and each counterpart
 * person, created when missing, in one statement for any number of counterparts.
 * Returns counterpart person id → conversation id.
 */
export async function upsertConversations(
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
  const rows = await db.execute<{ id: string; counterpart_person_id: string }>(sql`
    insert into conversations (institution_id, owner_person_id, counterpart_person_id, counterpart_number, system_number_id, last_message_at, created_at)
    select ${params.institutionId}, ${params.ownerPersonId}, x.person_id, x.number, ${params.systemNumberId}, ${ts(params.now)}, ${ts(params.now)}
    from unnest(${persons}::uuid[], ${numbers}::text[]) as x(person_id, number)
    on conflict (institution_id, owner_person_id, counterpart_person_id) where counterpart_person_id is not null
    do update set last_message_at = excluded.last_message_at,
      counterpart_number = coalesce(excluded.counterpart_number, conversations.counterpart_number),
      system_number_id = excluded.system_number_id
    returning id, counterpart_person_id`);
  return new Map(rows.map((r) => [r.counterpart_person_id, r.id]));
}
