import { and, desc, eq } from "drizzle-orm";
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
