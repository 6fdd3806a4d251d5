import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

export type MessageDetailRow = {
  id: number;
  batch_id: string | null;
  conversation_id: string | null;
  conversation_owner_person_id: string | null;
  direction: "OUTBOUND" | "INBOUND";
  channel: "SMS" | "EMAIL";
  status: string;
  from_user_id: string | null;
  from_person_id: string | null;
  from_address: string | null;
  to_person_id: string | null;
  to_address: string | null;
  body: string;
  template_id: string | null;
  template_name: string | null;
  reason_code: string | null;
  decision_detail: string | null;
  error_code: number | null;
  segments: number | null;
  provider_id: string | null;
  fallback_for_message_id: number | null;
  fallback_message_id: number | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  held_until: Date | null;
  held_time_zone: string | null;
};

export type MessageEventRow = {
  status: string;
  source: string;
  error_code: number | null;
  reason_code: string | null;
  occurred_at: Date;
};

/** One message of the institution with the email that replaced it (if any), or null. */
export async function findMessageDetail(db: DbOrTx, params: { institutionId: string; messageId: number }): Promise<MessageDetailRow | null> {
  const [row] = await db.execute<MessageDetailRow>(sql`
    select m.id, m.batch_id, m.conversation_id, c.owner_person_id as conversation_owner_person_id, m.direction, m.channel, m.status,
      m.from_user_id, m.from_person_id, m.from_address, m.to_person_id, m.to_address, m.body, m.template_id, t.name as template_name,
      m.reason_code, m.decision_detail, m.error_code, m.segments, m.provider_id, m.fallback_for_message_id,
      (select f.id from messages f where f.fallback_for_message_id = m.id and f.institution_id = m.institution_id) as fallback_message_id,
      m.created_at, m.sent_at, m.delivered_at, m.held_until, m.held_time_zone
    from messages m
    left join conversations c on c.id = m.conversation_id and c.institution_id = m.institution_id
    left join message_templates t on t.id = m.template_id and t.institution_id = m.institution_id
    where m.institution_id = ${params.institutionId} and m.id = ${params.messageId}`);
  return row ?? null;
}

/** The message's status history, oldest first. */
export function listMessageEvents(db: DbOrTx, params: { institutionId: string; messageId: number }) {
  return db.execute<MessageEventRow>(sql`
    select status, source, error_code, reason_code, occurred_at
    from message_events
    where institution_id = ${params.institutionId} and message_id = ${params.messageId}
    order by occurred_at, id`);
}
