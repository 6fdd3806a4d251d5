import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { personPhones, phoneTypes } from "@/db/schema";
import type { ChangeActor } from "@/db/queries/phone-status";
import { ts } from "@/db/queries/sql-values";

/** One phone record of the institution, locked for the change that follows; undefined when not there. */
export async function findPhoneForUpdate(db: DbOrTx, institutionId: string, phoneId: string) {
  const [row] = await db
    .select({
      id: personPhones.id,
      personId: personPhones.personId,
      number: personPhones.number,
      smsStatus: personPhones.smsStatus,
      verified: personPhones.verified,
      phoneTypeId: personPhones.phoneTypeId,
      phoneTypeSrcSystemId: personPhones.phoneTypeSrcSystemId,
      srcSystemId: personPhones.srcSystemId,
      deleted: personPhones.deleted,
    })
    .from(personPhones)
    .where(and(eq(personPhones.institutionId, institutionId), eq(personPhones.id, phoneId)))
    .for("update");
  return row;
}

/** The institution's phone types, by name (the System type included; callers decide whether to offer it). */
export function listPhoneTypes(db: DbOrTx, institutionId: string) {
  return db
    .select({ id: phoneTypes.id, name: phoneTypes.name, srcSystemId: phoneTypes.srcSystemId })
    .from(phoneTypes)
    .where(eq(phoneTypes.institutionId, institutionId))
    .orderBy(asc(phoneTypes.name));
}

/** Adds one phone record (SMS_DEFAULT, not verified: the column defaults, SPEC §2) and returns its id. */
export async function insertPersonPhone(
  db: DbOrTx,
  params: { institutionId: string; personId: string; phoneTypeId: string; phoneTypeSrcSystemId: string; number: string; srcSystemId: string | null; now: Date },
): Promise<string> {
  const { now, ...values } = params;
  const [row] = await db
    .insert(personPhones)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning({ id: personPhones.id });
  return row.id;
}

/**
 * Sets or clears verified on one current phone record and writes its history row (SPEC §2),
 * in one statement. Verifying records who and when; un-verifying clears the date and the
 * verifier, so the record no longer counts as "last verified" when a number is chosen (SPEC
 * §4.5) — the history keeps the earlier verification. Returns false when nothing changed.
 */
export async function setPhoneVerified(
  db: DbOrTx,
  params: { institutionId: string; phoneId: string; verified: boolean; actor: ChangeActor; now: Date },
): Promise<boolean> {
  const actorUserId = params.actor.type === "USER" ? params.actor.userId : null;
  const reason = params.actor.type === "SYSTEM" ? params.actor.reason : null;
  const messageId = params.actor.type === "SYSTEM" ? (params.actor.messageId ?? null) : null;
  const rows = await db.execute<{ phone_id: string }>(sql`
    with old as (
      select id, verified from person_phones
      where institution_id = ${params.institutionId} and id = ${params.phoneId} and not deleted and verified <> ${params.verified}
      for update
    ), changed as (
      update person_phones p set
        verified = ${params.verified},
        verified_at = ${params.verified ? ts(params.now) : sql`null`},
        verified_by_user_id = ${params.verified ? actorUserId : null},
        updated_at = ${ts(params.now)}
      from old where p.id = old.id
      returning p.id, old.verified as old_verified
    )
    insert into phone_history (institution_id, phone_id, field, old_value, new_value, actor_type, actor_user_id, reason, message_id, changed_at)
    select ${params.institutionId}, id, 'VERIFIED', old_verified::text, ${String(params.verified)}, ${params.actor.type}, ${actorUserId}, ${reason}, ${messageId}, ${ts(params.now)}
    from changed
    returning phone_id`);
  return rows.length > 0;
}
