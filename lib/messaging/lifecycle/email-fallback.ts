import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { OutboundRow } from "@/db/queries/messages";
import { ts } from "@/db/queries/sql-values";

/**
 * SPEC §4.6 and §5: resends a text that failed by email to the recipient's primary email,
 * exactly once (messages.fallback_for_message_id is unique). Without an email the fallback is
 * recorded as UNDELIVERABLE. Returns the id of a new pending email, or null when nothing is to
 * be sent (already resent, or undeliverable).
 */
export async function createEmailFallback(
  tx: DbOrTx,
  params: { text: OutboundRow; reasonCode: string; now: Date },
): Promise<number | null> {
  const t = params.text;
  const rows = await tx.execute<{ id: number; status: string }>(sql`
    insert into messages (institution_id, batch_id, conversation_id, channel, direction, from_user_id, from_person_id,
      to_person_id, from_address, to_address, body, status, reason_code, fallback_for_message_id, created_at, updated_at)
    select ${t.institution_id}, ${t.batch_id}, ${t.conversation_id}, 'EMAIL', 'OUTBOUND', ${t.from_user_id}, ${t.from_person_id},
      ${t.to_person_id}, u.email, e.email, ${t.body},
      case when e.email is null then 'failed' else 'pending' end,
      case when e.email is null then 'UNDELIVERABLE' else ${params.reasonCode} end,
      ${t.id}, ${ts(params.now)}, ${ts(params.now)}
    from (select 1) one
    left join person_emails e on e.person_id = ${t.to_person_id} and e.is_primary
    left join users u on u.id = ${t.from_user_id}
    on conflict (fallback_for_message_id) where fallback_for_message_id is not null do nothing
    returning id, status`);
  const row = rows[0];
  return row && row.status === "pending" ? Number(row.id) : null;
}
