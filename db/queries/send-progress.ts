import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/**
 * Message counts by status of the sender's own sends (`send_batches.sender_user_id`): the
 * composer's progress bar reads what the worker has really done. `fallback` marks the emails
 * that replaced failed texts, counted apart from the messages of the send itself. The rows of
 * a large send that the worker has not written yet count from its outbox (as pending), in the
 * same statement, so a chunk moving across is counted once.
 */
export async function countBatchMessages(db: DbOrTx, params: { institutionId: string; senderUserId: string; batchIds: readonly string[] }) {
  if (params.batchIds.length === 0) return [];
  return db.execute<{ status: string; channel: "SMS" | "EMAIL"; fallback: boolean; held: boolean; n: number }>(sql`
    with batches as (
      select b.id from send_batches b
      where b.institution_id = ${params.institutionId}
        and b.sender_user_id = ${params.senderUserId}
        and b.id = any(${`{${params.batchIds.join(",")}}`}::uuid[])
    )
    select m.status, m.channel, m.fallback_for_message_id is not null as fallback, m.status = 'pending' and m.held_until is not null as held,
      count(*)::int as n
    from batches b
    join messages m on m.batch_id = b.id and m.institution_id = ${params.institutionId}
    group by 1, 2, 3, 4
    union all
    select r.status, r.channel, false, false, count(*)::int
    from batches b
    join send_outbox o on o.batch_id = b.id
    cross join lateral unnest(o.statuses[o.written + 1:], o.channels[o.written + 1:]) as r(status, channel)
    group by 1, 2, 3, 4`);
}
