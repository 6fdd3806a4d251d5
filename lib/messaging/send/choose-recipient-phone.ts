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

/**
 * Why no number may be texted (the detail behind NO_SMS_NUMBER, issue 15.5), in the order an
 * advisor can act on it:
 * - `NO_PHONE`: no phone on record (deleted records and System numbers don't count);
 * - `OPTED_OUT`: a phone is off because they texted STOP (`optedOutPhoneIds`, from the history);
 * - `SMS_DISABLED`: every phone is SMS Disabled (by hand, or after a Twilio error);
 * - `NOT_OPTED_IN`: phones are SMS Default, but this audience's default status is not Opted In;
 * - `NO_DEFAULT_TYPE`: the institution has no Default SMS Phone Type;
 * - `NO_PHONE_OF_DEFAULT_TYPE`: SMS Default phones, none of the Default SMS Phone Type.
 * The reason code itself stays NO_SMS_NUMBER (reports, CSV, API); this only explains it.
 */
export type NoSmsNumberDetail = "NO_PHONE" | "OPTED_OUT" | "SMS_DISABLED" | "NOT_OPTED_IN" | "NO_DEFAULT_TYPE" | "NO_PHONE_OF_DEFAULT_TYPE";

export function explainNoSmsNumber(input: {
  phones: readonly CandidatePhone[];
  audience: RoleKind;
  settings: RecipientPhoneSettings;
  optedOutPhoneIds: ReadonlySet<string>;
}): NoSmsNumberDetail {
  const usable = input.phones.filter((p) => !p.deleted && p.phoneTypeSrcSystemId !== SYSTEM_PHONE_TYPE_SRC_ID);
  if (usable.length === 0) return "NO_PHONE";
  if (usable.some((p) => p.smsStatus === "SMS_DISABLED" && input.optedOutPhoneIds.has(p.id))) return "OPTED_OUT";
  const byDefault = usable.filter((p) => p.smsStatus === "SMS_DEFAULT");
  if (byDefault.length === 0) return "SMS_DISABLED";
  const audienceDefault = input.audience === "STAFF" ? input.settings.staffDefaultStatus : input.settings.studentDefaultStatus;
  if (audienceDefault !== "OPTED_IN") return "NOT_OPTED_IN";
  if (input.settings.defaultPhoneTypeId === null) return "NO_DEFAULT_TYPE";
  return "NO_PHONE_OF_DEFAULT_TYPE";
}
