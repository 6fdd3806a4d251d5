import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/**
 * Message counts by status of the sender's own sends (`send_batches.sender_user_id`): the
 * composer's progress bar reads what the worker has really done. `fallback` marks the emails
 * that replaced failed texts, counted apart from the messages of the send itself.
 */
export async function countBatchMessages(db: DbOrTx, params: { institutionId: string; senderUserId: string; batchIds: readonly string[] }) {
  if (params.batchIds.length === 0) return [];
  return db.execute<{ status: string; channel: "SMS" | "EMAIL"; fallback: boolean; n: number }>(sql`
    select m.status, m.channel, m.fallback_for_message_id is not null as fallback, count(*)::int as n
    from messages m
    join send_batches b on b.id = m.batch_id and b.institution_id = m.institution_id
    where m.institution_id = ${params.institutionId}
      and b.sender_user_id = ${params.senderUserId}
      and m.batch_id = any(${`{${params.batchIds.join(",")}}`}::uuid[])
    group by 1, 2, 3`);
}
