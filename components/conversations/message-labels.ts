/** How message statuses, reasons and keywords read in the conversation views. */

const STATUS_LABELS: Record<string, string> = {
  pending: "Waiting to send",
  queued: "Queued",
  accepted: "Accepted",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  undelivered: "Undelivered",
  failed: "Failed",
  received: "Received",
  refused: "Refused",
  canceled: "Canceled",
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

const REASON_LABELS: Record<string, string> = {
  SENDER_NOT_PERMITTED: "sender not permitted",
  BODY_TOO_LONG: "message too long",
  EMPTY_BODY: "empty message",
  SMS_PHONE_NUMBER_LIMIT_REACHED: "no system number free",
  SMS_MONTHLY_LIMIT_REACHED: "monthly text limit reached",
  NO_SMS_NUMBER: "no phone that takes texts",
  UNDELIVERABLE: "no phone for texts and no email",
  TWILIO_RECIPIENT_UNSUBSCRIBED: "recipient unsubscribed",
  TWILIO_INVALID_NUMBER: "invalid number",
  TWILIO_UNKNOWN_DESTINATION_HANDSET: "unknown handset",
};

/** A reason in words, with its code as SPEC spells it: "no phone that takes texts (NO_SMS_NUMBER)". */
export function reasonLabel(code: string): string {
  const twilio = /^TWILIO_ERROR_(\d+)$/.exec(code);
  const words = REASON_LABELS[code] ?? (twilio ? `Twilio error ${twilio[1]}` : null);
  return words ? `${words} (${code})` : code;
}

const INBOUND_DETAILS: Record<string, string> = {
  OPT_OUT: "Opt-out keyword: texts to this number stopped",
  OPT_IN: "Opt-in keyword: texts to this number resumed",
  HELP: "Help keyword",
  INITIATION: "Started the conversation: SMS enabled",
};

/** What an inbound text did, when it was more than a reply. */
export function inboundDetailLabel(detail: string | null): string | null {
  return detail ? (INBOUND_DETAILS[detail] ?? null) : null;
}

export function channelLabel(channel: "SMS" | "EMAIL"): string {
  return channel === "SMS" ? "Text" : "Email";
}
