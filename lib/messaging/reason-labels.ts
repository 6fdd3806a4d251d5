import { REASON_CODES, type ReasonCode } from "@/db/schema/constants";

/*
 * The one wording of every reason code (SPEC §4–§5) for people to read (issue 15.7): pages show
 * the label with the code on hover; CSV exports and the API keep the code itself.
 */

const LABELS: Record<(typeof REASON_CODES)[number], string> = {
  SENDER_NOT_PERMITTED: "Sender not permitted to text",
  BODY_TOO_LONG: "Message too long",
  EMPTY_BODY: "Empty message",
  EMPTY_MERGE_FIELD: "Merge field empty, with no fallback",
  SMS_PHONE_NUMBER_LIMIT_REACHED: "No system number free",
  SMS_MONTHLY_LIMIT_REACHED: "Monthly text limit reached",
  NO_SMS_NUMBER: "No phone that takes texts",
  UNDELIVERABLE: "No phone for texts and no email",
  TWILIO_RECIPIENT_UNSUBSCRIBED: "Recipient unsubscribed (texted STOP)",
  TWILIO_INVALID_NUMBER: "Not a valid mobile number",
  TWILIO_UNKNOWN_DESTINATION_HANDSET: "Number no longer in service",
  SEND_CANCELLED: "Send cancelled before it went",
};

/** Twilio's common error codes in words (../reference/twilio-facts.md §4, Twilio's error catalogue). */
const TWILIO_ERRORS: Record<number, string> = {
  0: "Text failed, no error given",
  14107: "Too many texts between the same two numbers",
  20003: "Twilio refused our credentials",
  20429: "Twilio busy (too many requests)",
  21211: "Invalid 'To' number",
  21408: "Texting to this region not enabled",
  21606: "Sending number cannot text",
  21610: "Recipient unsubscribed (texted STOP)",
  21611: "Sending number's queue full",
  21612: "Number not reachable by text",
  21614: "Not a valid mobile number",
  21635: "Landline number",
  30001: "Queue overflow",
  30002: "Twilio account suspended",
  30003: "Phone unreachable (off or out of signal)",
  30004: "Message blocked",
  30005: "Unknown destination handset",
  30006: "Landline or unreachable carrier",
  30007: "Message filtered as spam",
  30008: "Unknown delivery error",
  30022: "10DLC rate limit exceeded",
  30023: "Daily texting limit reached",
  30032: "Toll-free number not verified",
  30034: "Sending number not registered (10DLC)",
  30036: "Expired while queued",
  30450: "Blocked by SMS pumping protection",
  30500: "Twilio internal error",
};

/** Every code with a fixed label, in SPEC order (for pickers such as the report's Reason filter). */
export const LABELLED_REASON_CODES: readonly ReasonCode[] = [...REASON_CODES, ...Object.keys(TWILIO_ERRORS).map((n) => `TWILIO_ERROR_${n}` as ReasonCode)];

/** A reason code in words ("Monthly text limit reached"); an unknown Twilio error keeps its number; anything else, the code. */
export function reasonLabel(code: string): string {
  if (code in LABELS) return LABELS[code as keyof typeof LABELS];
  const twilio = /^TWILIO_ERROR_(\d+)$/.exec(code);
  if (!twilio) return code;
  const known = TWILIO_ERRORS[Number(twilio[1])];
  return known ? `${known} (Twilio ${twilio[1]})` : `Twilio error ${twilio[1]}`;
}
