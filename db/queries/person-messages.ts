import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

export type PersonMessageRow = {
  id: number;
  direction: "OUTBOUND" | "INBOUND";
  channel: "SMS" | "EMAIL";
  status: string;
  body: string;
  from_address: string | null;
  to_address: string | null;
  reason_code: string | null;
  sender_name: string | null;
  held_until: Date | string | null;
  held_time_zone: string | null;
  created_at: Date;
};

/**
 * The latest messages to or from a person. `viewer` limits them to what that user may read
 * (messages they sent, and those on conversations they own); null means all of the institution's.
 */
export function listPersonMessages(
  db: DbOrTx,
  params: { institutionId: string; personId: string; viewer: { userId: string; personId: string | null } | null; limit: number },
) {
  const visible = params.viewer
    ? sql`and (m.from_user_id = ${params.viewer.userId} or (${params.viewer.personId}::uuid is not null and c.owner_person_id = ${params.viewer.personId}))`
    : sql``;
  return db.execute<PersonMessageRow>(sql`
    select m.id, m.direction, m.channel, m.status, m.body, m.from_address, m.to_address, m.reason_code,
      u.display_name as sender_name, m.held_until, m.held_time_zone, m.created_at
    from messages m
    left join conversations c on c.id = m.conversation_id and c.institution_id = m.institution_id
    left join users u on u.id = m.from_user_id
    where m.institution_id = ${params.institutionId}
      and (m.to_person_id = ${params.personId} or (m.direction = 'INBOUND' and m.from_person_id = ${params.personId}))
      ${visible}
    order by m.created_at desc, m.id desc
    limit ${params.limit}`);
}
