import "server-only";
import { findPerson, listPhonesOfPersons } from "@/db/queries/persons";
import { listPhoneTypes } from "@/db/queries/person-phones";
import { listPhoneHistoryOfPerson } from "@/db/queries/phone-history";
import { listSuccessTeamOfStudent } from "@/db/queries/success-team";
import { SYSTEM_PHONE_TYPE_SRC_ID, type SmsStatus } from "@/db/schema/constants";
import { can, authorize } from "@/lib/auth/policy";
import { formatPhone } from "@/lib/e164";
import type { ServiceContext } from "@/lib/service-context";
import { isPersonId, personNotFound } from "./get-person";
import { isSystemPhone } from "./person-dto";

/** How many history rows the profile shows (newest first); a person rarely has more. */
const HISTORY_LIMIT = 200;

export type PhoneHistoryEntry = {
  id: number;
  phoneId: string;
  field: "SMS_STATUS" | "VERIFIED";
  oldValue: string | null;
  newValue: string;
  /** A user (named), or the system with `reason`. */
  by: { type: "USER"; userId: string | null; displayName: string | null } | { type: "SYSTEM" };
  reason: string | null;
  messageId: number | null;
  /** The conversation holding that message, when there is one. */
  conversationId: string | null;
  /** E.164 of the phone record (the Message Report's Destination). */
  number: string;
  changedAt: string;
};

export type SuccessTeamMember = {
  personId: string;
  name: string;
  teamRole: string;
  /** Current phones; a system number carries `textOnly` (the Text Msg Only badge, SPEC §6). */
  phones: { id: string; formatted: string; typeName: string; textOnly: boolean; smsStatus: SmsStatus }[];
};

export type ProfileDetails = {
  history: PhoneHistoryEntry[];
  successTeam: SuccessTeamMember[];
  /** Types a phone may be given by hand (the System type is assigned, never chosen). */
  phoneTypes: { name: string; srcSystemId: string }[];
  canEditPhones: boolean;
};

/**
 * What the Profile tab shows beside the person (SPEC §2, §6): the SMS status and verified
 * history of their phones, the success team with the staff's numbers, the phone types of the
 * form, and whether the actor may change phones. Read rule as getPerson: staff and
 * administrators read anyone of their institution, a student only themselves.
 */
export async function getProfileDetails({ ctx, input }: { ctx: ServiceContext; input: { personId: string } }): Promise<ProfileDetails> {
  const { actor, db } = ctx;
  const institutionId = actor.institutionId;
  if (!isPersonId(input.personId)) throw personNotFound();
  if (!(await findPerson(db, institutionId, input.personId))) throw personNotFound();
  authorize(actor, "person.read", { personId: input.personId });

  const [history, team, types] = await Promise.all([
    listPhoneHistoryOfPerson(db, { institutionId, personId: input.personId, limit: HISTORY_LIMIT }),
    listSuccessTeamOfStudent(db, { institutionId, studentPersonId: input.personId }),
    listPhoneTypes(db, institutionId),
  ]);
  const teamPhones = await listPhonesOfPersons(
    db,
    institutionId,
    team.map((m) => m.personId),
  );

  return {
    history: history.map((h) => ({
      id: h.id,
      phoneId: h.phoneId,
      field: h.field as PhoneHistoryEntry["field"],
      oldValue: h.oldValue,
      newValue: h.newValue,
      by: h.actorType === "USER" ? { type: "USER", userId: h.actorUserId, displayName: h.actorName } : { type: "SYSTEM" },
      reason: h.reason,
      messageId: h.messageId,
      conversationId: h.conversationId,
      number: h.number,
      changedAt: h.changedAt.toISOString(),
    })),
    successTeam: team.map((m) => ({
      personId: m.personId,
      name: `${m.preferredName ?? m.firstName} ${m.lastName}`,
      teamRole: m.teamRole,
      phones: teamPhones
        .filter((p) => p.personId === m.personId && !p.deleted)
        .map((p) => ({
          id: p.id,
          formatted: formatPhone(p.number),
          typeName: p.typeName,
          textOnly: isSystemPhone(p),
          smsStatus: p.smsStatus as SmsStatus,
        })),
    })),
    phoneTypes: types.filter((t) => t.srcSystemId !== SYSTEM_PHONE_TYPE_SRC_ID).map((t) => ({ name: t.name, srcSystemId: t.srcSystemId })),
    canEditPhones: can(actor, "phones.edit"),
  };
}
