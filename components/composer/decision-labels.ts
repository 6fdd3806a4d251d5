import { reasonLabel } from "@/lib/messaging/reason-labels";
import type { NoSmsNumberDetail } from "@/lib/messaging/send/choose-recipient-phone";
import type { PreviewRecipient } from "@/lib/messaging/send/preview-delivery";
import { formatPhone } from "@/lib/e164";

const WHY: Record<string, string> = {
  SMS_ENABLED: "SMS Enabled number (latest verified)",
  SMS_DEFAULT_DEFAULT_TYPE: "SMS Default on the Default SMS Phone Type, audience opted in",
};

/** The real cause behind NO_SMS_NUMBER, in words (issue 15.5); the code stays for reports and CSV. */
const NO_NUMBER: Record<NoSmsNumberDetail, string> = {
  OPTED_OUT: "Opted out of texts (texted STOP)",
  NO_PHONE: "No phone number on record",
  SMS_DISABLED: "Texts are turned off (SMS Disabled) on every number",
  NOT_OPTED_IN: "Their number is SMS Default, and their audience is not opted in to texts",
  NO_DEFAULT_TYPE: "Their number is SMS Default, and no Default SMS Phone Type is set",
  NO_PHONE_OF_DEFAULT_TYPE: "No SMS Enabled number, and none of the Default SMS Phone Type",
};

/** "Text" / "Email" / "Not delivered" / "Refused". */
export function outcomeLabel(outcome: PreviewRecipient["outcome"]): string {
  return { SMS: "Text", EMAIL: "Email", UNDELIVERABLE: "Not delivered", REFUSED: "Refused" }[outcome];
}

/** Where it goes: the formatted number, the email address, or a dash. */
export function destinationLabel(r: Pick<PreviewRecipient, "outcome" | "toAddress">): string {
  if (!r.toAddress) return "—";
  return r.outcome === "SMS" ? formatPhone(r.toAddress) : r.toAddress;
}

/** Why, in words (the code is on hover, delivery-review.tsx): the number rule for a text, the fallback or refusal reason otherwise. */
export function whyLabel(r: Pick<PreviewRecipient, "outcome" | "why" | "reasonCode"> & { fallbackDetail?: NoSmsNumberDetail | null }): string {
  if (r.outcome === "SMS") return r.why ? (WHY[r.why] ?? r.why) : "—";
  const detail = r.fallbackDetail ? NO_NUMBER[r.fallbackDetail] : null;
  if (r.outcome === "UNDELIVERABLE" && r.why) return `${detail ?? reasonLabel(r.why)}, and no email either`;
  if (detail) return detail;
  return r.reasonCode ? reasonLabel(r.reasonCode) : "—";
}

const REFUSALS: Record<string, string> = {
  SENDER_NOT_PERMITTED:
    "You aren't permitted to send texts: none of your roles is in Permitted Roles, so nothing (no text, no email) can be sent from here. Ask an administrator if you should be.",
  BODY_TOO_LONG: "The message is longer than this institution allows. Nothing will be sent.",
  EMPTY_BODY: "Write a message first.",
  EMPTY_MERGE_FIELD: "A merge field would be empty for some recipients, and it has no fallback. Nothing will be sent.",
};

/** Why the whole send is refused, as a sentence. */
export function refusalSentence(code: string): string {
  return REFUSALS[code] ?? `The message is refused: ${reasonLabel(code)}. Nothing will be sent.`;
}
