import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import type { SmsStatus } from "@/db/schema/constants";
import { ts } from "@/db/queries/sql-values";

export type ChangeActor =
  | { type: "USER"; userId: string }
  | { type: "SYSTEM"; reason: string; messageId?: number | null };

/**
 * Sets the SMS status of phone records and writes one history row per record that actually
 * changed (SPEC §2), in one statement. Records already at `status`, deleted records and
 * records of another institution are left alone. Returns the ids that changed.
 */
export async function setSmsStatus(
  db: DbOrTx,
  params: { institutionId: string; phoneIds: readonly string[]; status: SmsStatus; actor: ChangeActor; now: Date },
): Promise<string[]> {
  if (params.phoneIds.length === 0) return [];
  const ids = sql`${`{${params.phoneIds.join(",")}}`}::uuid[]`;
  const actorUserId = params.actor.type === "USER" ? params.actor.userId : null;
  const reason = params.actor.type === "SYSTEM" ? params.actor.reason : null;
  const messageId = params.actor.type === "SYSTEM" ? (params.actor.messageId ?? null) : null;
  const rows = await db.execute<{ phone_id: string }>(sql`
    with old as (
      select id, sms_status from person_phones
      where institution_id = ${params.institutionId} and id = any(${ids}) and not deleted and sms_status <> ${params.status}
      for update
    ), changed as (
      update person_phones p set sms_status = ${params.status}, updated_at = ${ts(params.now)}
      from old where p.id = old.id
      returning p.id, old.sms_status as old_status
    )
    insert into phone_history (institution_id, phone_id, field, old_value, new_value, actor_type, actor_user_id, reason, message_id, changed_at)
    select ${params.institutionId}, id, 'SMS_STATUS', old_status, ${params.status}, ${params.actor.type}, ${actorUserId}, ${reason}, ${messageId}, ${ts(params.now)}
    from changed
    returning phone_id`);
  return rows.map((r) => r.phone_id);
}

/** Ids of every current (not deleted) phone record of a person, System numbers excepted. */
export async function currentPhoneIdsOfPerson(db: DbOrTx, params: { institutionId: string; personId: string }) {
  const rows = await db.execute<{ id: string }>(sql`
    select id from person_phones
    where institution_id = ${params.institutionId} and person_id = ${params.personId}
      and not deleted and phone_type_src_system_id <> 'AVISO.SYSTEM'`);
  return rows.map((r) => r.id);
}
