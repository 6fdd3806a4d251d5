import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { messages, personPhones, phoneHistory, users } from "@/db/schema";

/**
 * The SMS status and verified history of every phone record of a person, deleted records
 * included, newest first, with the name of the user behind each manual change (SPEC §2).
 */
export function listPhoneHistoryOfPerson(db: DbOrTx, params: { institutionId: string; personId: string; limit: number }) {
  return db
    .select({
      id: phoneHistory.id,
      phoneId: phoneHistory.phoneId,
      field: phoneHistory.field,
      oldValue: phoneHistory.oldValue,
      newValue: phoneHistory.newValue,
      actorType: phoneHistory.actorType,
      actorUserId: phoneHistory.actorUserId,
      actorName: users.displayName,
      reason: phoneHistory.reason,
      messageId: phoneHistory.messageId,
      /** The conversation of that message, when it has one (the profile links to it). */
      conversationId: messages.conversationId,
      number: personPhones.number,
      changedAt: phoneHistory.changedAt,
    })
    .from(phoneHistory)
    .innerJoin(personPhones, eq(personPhones.id, phoneHistory.phoneId))
    .leftJoin(users, eq(users.id, phoneHistory.actorUserId))
    .leftJoin(messages, and(eq(messages.id, phoneHistory.messageId), eq(messages.institutionId, params.institutionId)))
    .where(and(eq(phoneHistory.institutionId, params.institutionId), eq(personPhones.institutionId, params.institutionId), eq(personPhones.personId, params.personId)))
    .orderBy(desc(phoneHistory.changedAt), desc(phoneHistory.id))
    .limit(params.limit);
}

/**
 * The phones among `phoneIds` that are SMS_DISABLED because their holder texted STOP: the
 * newest SMS status change of the phone is the system's OPT_OUT_KEYWORD (SPEC §2, §5). With
 * when that happened and the inbound message behind it. A phone disabled by hand or by a
 * Twilio error, or enabled again since, is not listed.
 */
export async function listOptOutsOfPhones(db: DbOrTx, params: { institutionId: string; phoneIds: readonly string[] }) {
  if (params.phoneIds.length === 0) return [];
  const rows = await db.execute<{ phone_id: string; changed_at: Date | string; message_id: string | number | null }>(sql`
    select pp.id as phone_id, h.changed_at, h.message_id
    from ${personPhones} pp
    cross join lateral (
      select ph.reason, ph.changed_at, ph.message_id from ${phoneHistory} ph
      where ph.phone_id = pp.id and ph.institution_id = ${params.institutionId} and ph.field = 'SMS_STATUS'
      order by ph.changed_at desc, ph.id desc limit 1
    ) h
    where pp.id = any(${`{${params.phoneIds.join(",")}}`}::uuid[]) and pp.institution_id = ${params.institutionId}
      and pp.sms_status = 'SMS_DISABLED' and h.reason = 'OPT_OUT_KEYWORD'`);
  return rows.map((r) => ({
    phoneId: r.phone_id,
    changedAt: r.changed_at instanceof Date ? r.changed_at : new Date(r.changed_at),
    messageId: r.message_id === null ? null : Number(r.message_id),
  }));
}
