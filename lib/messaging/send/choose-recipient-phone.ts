import type { RecipientPhoneFacts } from "@/db/queries/delivery";
import { SYSTEM_PHONE_TYPE_SRC_ID, type RoleKind, type SmsDefaultStatus } from "@/db/schema/constants";

/**
 * The facts about one phone record that the choice reads: exactly what the send loads
 * (verifiedAt is null when the record was never verified).
 */
export type CandidatePhone = RecipientPhoneFacts;

/** The General Settings the choice depends on (SPEC §3). */
export type RecipientPhoneSettings = {
  defaultPhoneTypeId: string | null;
  studentDefaultStatus: SmsDefaultStatus;
  staffDefaultStatus: SmsDefaultStatus;
};

/** Why a number was chosen: rule 5a (enabled) or rule 5b (default status on the default type). */
export type PhoneChoiceReason = "SMS_ENABLED" | "SMS_DEFAULT_DEFAULT_TYPE";

export type PhoneChoice<P extends CandidatePhone> = { phone: P; why: PhoneChoiceReason };

/**
 * SPEC §4.5: the one number a recipient is texted on, or null (the message goes by email,
 * `NO_SMS_NUMBER`).
 *
 * - Deleted records and System numbers (`AVISO.SYSTEM`) are never chosen; neither is `SMS_DISABLED`.
 * - `SMS_ENABLED` records win over `SMS_DEFAULT` ones, whatever their verified dates.
 * - `SMS_DEFAULT` counts only on the Default SMS Phone Type, and only when the recipient's
 *   audience default (Student or Staff SMS Default Status) is `OPTED_IN`.
 * - Among the candidates of the winning rule, the latest verified date wins; never-verified
 *   records come after verified ones.
 * - The fixed internal order that breaks ties (and orders never-verified records):
 *   `createdAt` ascending (the oldest record), then `id` ascending by code unit. The result
 *   therefore never depends on the order of `phones`.
 */
export function chooseRecipientPhone<P extends CandidatePhone>(input: {
  phones: readonly P[];
  audience: RoleKind;
  settings: RecipientPhoneSettings;
}): PhoneChoice<P> | null {
  const { phones, audience, settings } = input;
  const usable = phones.filter((p) => !p.deleted && p.phoneTypeSrcSystemId !== SYSTEM_PHONE_TYPE_SRC_ID);

  const enabled = pickFirst(usable.filter((p) => p.smsStatus === "SMS_ENABLED"));
  if (enabled) return { phone: enabled, why: "SMS_ENABLED" };

  const audienceDefault = audience === "STAFF" ? settings.staffDefaultStatus : settings.studentDefaultStatus;
  if (audienceDefault !== "OPTED_IN" || settings.defaultPhoneTypeId === null) return null;
  const byDefault = pickFirst(
    usable.filter((p) => p.smsStatus === "SMS_DEFAULT" && p.phoneTypeId === settings.defaultPhoneTypeId),
  );
  return byDefault ? { phone: byDefault, why: "SMS_DEFAULT_DEFAULT_TYPE" } : null;
}

function pickFirst<P extends CandidatePhone>(candidates: readonly P[]): P | null {
  let best: P | null = null;
  for (const p of candidates) {
    if (best === null || ranksBefore(p, best)) best = p;
  }
  return best;
}

/** Latest verified first, never-verified last, then oldest record, then smallest id. */
function ranksBefore(a: CandidatePhone, b: CandidatePhone): boolean {
  const va = a.verifiedAt?.getTime() ?? null;
  const vb = b.verifiedAt?.getTime() ?? null;
  if (va !== vb) {
    if (va === null) return false;
    if (vb === null) return true;
    return va > vb;
  }
  const ca = a.createdAt.getTime();
  const cb = b.createdAt.getTime();
  if (ca !== cb) return ca < cb;
  return a.id < b.id;
}
