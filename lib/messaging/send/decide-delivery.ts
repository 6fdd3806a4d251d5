import type { RoleKind } from "@/db/schema/constants";
import type { Capabilities } from "@/lib/auth/capabilities";
import {
  chooseRecipientPhone,
  type CandidatePhone,
  type PhoneChoiceReason,
  type RecipientPhoneSettings,
} from "./choose-recipient-phone";
import { countCharacters } from "./segments";

/** Why a whole send is refused before anything is sent (SPEC §4.1, §4.2). */
export type RefusalCode = "SENDER_NOT_PERMITTED" | "EMPTY_BODY" | "BODY_TOO_LONG" | "EMPTY_MERGE_FIELD";
/** Why a recipient gets an email instead of a text (SPEC §4.3–§4.5). */
export type FallbackCode = "NO_SMS_NUMBER" | "SMS_PHONE_NUMBER_LIMIT_REACHED" | "SMS_MONTHLY_LIMIT_REACHED";

export type DeliverySender = {
  capabilities: Pick<Capabilities, "permittedSender" | "student">;
  /** The sender already holds a system number (no assignment needed). */
  hasSystemNumber: boolean;
};

export type DeliveryRecipient<P extends CandidatePhone = CandidatePhone> = {
  id: string;
  audience: RoleKind;
  phones: readonly P[];
  primaryEmail: string | null;
};

export type SmsDecision = {
  recipientId: string;
  outcome: "SMS";
  channel: "SMS";
  phoneId: string;
  /** The chosen number, E.164. */
  toAddress: string;
  why: PhoneChoiceReason;
  /** Where the text goes by email if it cannot go by SMS (null: it would be undeliverable). */
  fallbackEmail: string | null;
};
export type EmailDecision = {
  recipientId: string;
  outcome: "EMAIL";
  channel: "EMAIL";
  toAddress: string;
  reasonCode: FallbackCode;
  fallbackReason: FallbackCode;
};
export type UndeliverableDecision = {
  recipientId: string;
  outcome: "UNDELIVERABLE";
  channel: null;
  reasonCode: "UNDELIVERABLE";
  /** Why it could not go by SMS in the first place; the email fallback then had no address. */
  fallbackReason: FallbackCode;
};
export type RefusedDecision = {
  recipientId: string;
  outcome: "REFUSED";
  channel: null;
  reasonCode: RefusalCode;
};
export type DeliverableDecision = SmsDecision | EmailDecision | UndeliverableDecision;
export type RecipientDecision = DeliverableDecision | RefusedDecision;

/** Phase 1 outcome: the whole send refused, or one intent per recipient awaiting the grants. */
export type DeliveryPlan = RefusedDelivery | PlannedDelivery;
export type RefusedDelivery = { kind: "REFUSED"; reasonCode: RefusalCode; decisions: RefusedDecision[] };
export type PlannedDelivery = {
  kind: "PLANNED";
  /** In recipient order; SMS decisions are intents until `applyGrants`. */
  decisions: DeliverableDecision[];
  /** How many texts the monthly limit must grant for every intent to go by SMS. */
  smsIntents: number;
  /** At least one intent and the sender holds no number: ask the pool for one. */
  needsSystemNumber: boolean;
};

/**
 * Phase 1 of the delivery decision (SPEC §4): everything that needs no database grant.
 *
 * Refuses the whole send, in SPEC order, when the sender is not permitted (students never
 * are), the body is empty or whitespace, or longer than `smsMaxLength` (counted as in
 * `countCharacters`). Otherwise decides, per distinct recipient id (first occurrence kept),
 * the SMS number by §4.5, or email (`NO_SMS_NUMBER`), or `UNDELIVERABLE` when there is no
 * primary email either. A recipient without an SMS number keeps `NO_SMS_NUMBER` even when
 * the limits are also reached: the limits only ever turn SMS intents into email.
 */
export function planDelivery<P extends CandidatePhone>(input: {
  sender: DeliverySender;
  body: string;
  smsMaxLength: number;
  recipients: readonly DeliveryRecipient<P>[];
  settings: RecipientPhoneSettings;
}): DeliveryPlan {
  const recipients = distinctById(input.recipients);
  const refusal = refusalOf(input);
  if (refusal) {
    return {
      kind: "REFUSED",
      reasonCode: refusal,
      decisions: recipients.map((r) => ({ recipientId: r.id, outcome: "REFUSED", channel: null, reasonCode: refusal })),
    };
  }

  const decisions = recipients.map((r): DeliverableDecision => {
    const choice = chooseRecipientPhone({ phones: r.phones, audience: r.audience, settings: input.settings });
    if (!choice) return fallBack(r.id, r.primaryEmail, "NO_SMS_NUMBER");
    return {
      recipientId: r.id,
      outcome: "SMS",
      channel: "SMS",
      phoneId: choice.phone.id,
      toAddress: choice.phone.number,
      why: choice.why,
      fallbackEmail: r.primaryEmail,
    };
  });
  const smsIntents = decisions.filter((d) => d.outcome === "SMS").length;
  return { kind: "PLANNED", decisions, smsIntents, needsSystemNumber: smsIntents > 0 && !input.sender.hasSystemNumber };
}

/**
 * Phase 2 (SPEC §4.3, §4.4): applies what the database granted. Without a system number every
 * SMS intent goes by email (`SMS_PHONE_NUMBER_LIMIT_REACHED`); with one, the first
 * `smsGrantedCount` intents in recipient order stay SMS and the rest go by email
 * (`SMS_MONTHLY_LIMIT_REACHED`). An email fallback without a primary email is `UNDELIVERABLE`.
 *
 * `numberGranted`: the sender holds a number or was just assigned one. The monthly grant must be
 * asked only after a number is granted, so `smsGrantedCount` is 0 without one; it can never
 * exceed `plan.smsIntents`. Anything else is a wiring error and throws a RangeError.
 */
export function applyGrants(
  plan: PlannedDelivery,
  grants: { numberGranted: boolean; smsGrantedCount: number },
): DeliverableDecision[] {
  const { numberGranted, smsGrantedCount } = grants;
  if (!Number.isInteger(smsGrantedCount) || smsGrantedCount < 0 || smsGrantedCount > plan.smsIntents) {
    throw new RangeError(`smsGrantedCount ${smsGrantedCount} is outside 0..${plan.smsIntents}`);
  }
  if (!numberGranted && smsGrantedCount > 0) {
    throw new RangeError("monthly texts were granted without a system number");
  }

  let granted = 0;
  return plan.decisions.map((d) => {
    if (d.outcome !== "SMS") return d;
    if (!numberGranted) return fallBack(d.recipientId, d.fallbackEmail, "SMS_PHONE_NUMBER_LIMIT_REACHED");
    if (granted >= smsGrantedCount) return fallBack(d.recipientId, d.fallbackEmail, "SMS_MONTHLY_LIMIT_REACHED");
    granted += 1;
    return d;
  });
}

function refusalOf(input: { sender: DeliverySender; body: string; smsMaxLength: number }): RefusalCode | null {
  const { capabilities } = input.sender;
  if (capabilities.student || !capabilities.permittedSender) return "SENDER_NOT_PERMITTED";
  if (input.body.trim() === "") return "EMPTY_BODY";
  if (countCharacters(input.body) > input.smsMaxLength) return "BODY_TOO_LONG";
  return null;
}

/** SPEC §4.6: the same text by email to the primary email, or nowhere. */
function fallBack(
  recipientId: string,
  primaryEmail: string | null,
  reason: FallbackCode,
): EmailDecision | UndeliverableDecision {
  if (primaryEmail === null || primaryEmail.trim() === "") {
    return { recipientId, outcome: "UNDELIVERABLE", channel: null, reasonCode: "UNDELIVERABLE", fallbackReason: reason };
  }
  return { recipientId, outcome: "EMAIL", channel: "EMAIL", toAddress: primaryEmail, reasonCode: reason, fallbackReason: reason };
}

function distinctById<R extends { id: string }>(recipients: readonly R[]): R[] {
  const byId = new Map<string, R>();
  for (const r of recipients) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()];
}
