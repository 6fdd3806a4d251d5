import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { outboundColumns, outboundRows, type OutboundRow } from "./messages";

/** One recipient's message of a send as every listing of a send's recipients reads it (the composer's results, the results page). */
export type RecipientMessage = {
  messageId: number;
  personId: string | null;
  name: string | null;
  conversationId: string | null;
  channel: "SMS" | "EMAIL";
  status: string;
  reasonCode: string | null;
  toAddress: string | null;
};

/** The columns of a RecipientMessage as selected (`name`: the person's preferred or first name and last name). */
export type RecipientMessageColumns = {
  id: number;
  to_person_id: string | null;
  name: string | null;
  conversation_id: string | null;
  channel: "SMS" | "EMAIL";
  status: string;
  reason_code: string | null;
  to_address: string | null;
};

export function recipientMessage(r: RecipientMessageColumns): RecipientMessage {
  return {
    messageId: Number(r.id),
    personId: r.to_person_id,
    name: r.name,
    conversationId: r.conversation_id,
    channel: r.channel,
    status: r.status,
    reasonCode: r.reason_code,
    toAddress: r.to_address,
  };
}

/** One recipient's message of a send, with the email that replaced it if its text failed. */
export type SendResultRow = RecipientMessage & {
  decisionDetail: string | null;
  /** A text held for quiet hours (SPEC §9): until when, in which zone. */
  heldUntil: Date | null;
  heldTimeZone: string | null;
  fallback: { id: number; status: string; reasonCode: string | null; toAddress: string | null } | null;
};

function uuidArray(ids: readonly string[]) {
  return `{${ids.join(",")}}`;
}

/**
 * The messages of the sender's own sends (`send_batches.sender_user_id`), one per recipient —
 * fallback emails joined to the text they replace, not listed apart — by recipient name: the
 * composer's results after Send. Batches of other senders or institutions yield nothing.
 */
export async function listSendResultRows(
  db: DbOrTx,
  params: { institutionId: string; senderUserId: string; batchIds: readonly string[] },
): Promise<SendResultRow[]> {
  if (params.batchIds.length === 0) return [];
  const rows = await db.execute<
    RecipientMessageColumns & {
    decision_detail: string | null;
    held_until: string | null;
    held_time_zone: string | null;
    fallback_id: number | null;
    fallback_status: string | null;
    fallback_reason: string | null;
    fallback_address: string | null;
  }
  >(sql`
    select m.id, m.to_person_id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name as name, m.conversation_id,
      m.channel, m.status, m.reason_code, m.decision_detail, m.to_address,
      case when m.status = 'pending' then m.held_until end as held_until, m.held_time_zone,
      f.id as fallback_id, f.status as fallback_status, f.reason_code as fallback_reason, f.to_address as fallback_address
    from send_batches b
    join messages m on m.batch_id = b.id and m.institution_id = b.institution_id and m.fallback_for_message_id is null
    left join messages f on f.fallback_for_message_id = m.id and f.institution_id = m.institution_id
    left join persons p on p.id = m.to_person_id and p.institution_id = m.institution_id
    where b.institution_id = ${params.institutionId} and b.sender_user_id = ${params.senderUserId}
      and b.id = any(${uuidArray(params.batchIds)}::uuid[])
    order by p.last_name, p.first_name, m.id`);
  return rows.map((r) => ({
    ...recipientMessage(r),
    decisionDetail: r.decision_detail,
    heldUntil: r.held_until === null ? null : new Date(r.held_until),
    heldTimeZone: r.held_time_zone,
    fallback:
      r.fallback_id === null
        ? null
        : { id: Number(r.fallback_id), status: r.fallback_status!, reasonCode: r.fallback_reason, toAddress: r.fallback_address },
  }));
}

/**
 * The texts of the sender's own sends that ended without reaching the handset (failed,
 * undelivered or canceled) and were never resent by email, locked so that two clicks at once
 * resend each once (the unique fallback index guarantees it anyway).
 */
export async function lockFailedTextsWithoutEmail(
  tx: DbOrTx,
  params: { institutionId: string; senderUserId: string; batchIds: readonly string[] },
): Promise<(OutboundRow & { error_code: number | null })[]> {
  if (params.batchIds.length === 0) return [];
  const rows = await tx.execute<OutboundRow & { error_code: number | null }>(sql`
    select ${outboundColumns("m")}, m.error_code from messages m
    join send_batches b on b.id = m.batch_id and b.institution_id = m.institution_id
    where b.institution_id = ${params.institutionId} and b.sender_user_id = ${params.senderUserId}
      and b.id = any(${uuidArray(params.batchIds)}::uuid[])
      and m.channel = 'SMS' and m.direction = 'OUTBOUND' and m.status in ('failed', 'undelivered', 'canceled')
      and not exists (select 1 from messages f where f.fallback_for_message_id = m.id)
    order by m.id
    for update of m`);
  return outboundRows(rows);
}
