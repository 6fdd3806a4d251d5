/** The data vocabulary: every value here is stored, checked by a constraint, and spelled exactly as in SPEC. */

export const SMS_STATUSES = ["SMS_DEFAULT", "SMS_ENABLED", "SMS_DISABLED"] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export const SMS_DEFAULT_STATUSES = ["OPTED_IN", "OPTED_OUT"] as const;
export type SmsDefaultStatus = (typeof SMS_DEFAULT_STATUSES)[number];

export const ROLE_KINDS = ["STAFF", "STUDENT"] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

/** phone_type_src_system_id of assigned system numbers (SPEC §6). */
export const SYSTEM_PHONE_TYPE_SRC_ID = "AVISO.SYSTEM";
/** Suffix of the src_system_id of a system number's phone record (SPEC §6). */
export const SYSTEM_PHONE_SRC_SUFFIX = "AVISO.SMS";

export const PHONE_HISTORY_FIELDS = ["SMS_STATUS", "VERIFIED"] as const;
export const ACTOR_TYPES = ["USER", "SYSTEM"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const CHANNELS = ["SMS", "EMAIL"] as const;
export type Channel = (typeof CHANNELS)[number];
export const DIRECTIONS = ["OUTBOUND", "INBOUND"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Message statuses. Outbound SMS follow Twilio's lifecycle after we hand them over;
 * `pending` is ours (accepted, not yet handed to the provider), `refused` is a decision
 * that sent nothing, `received` is an inbound text.
 */
export const MESSAGE_STATUSES = [
  "pending",
  "queued",
  "accepted",
  "sending",
  "sent",
  "delivered",
  "undelivered",
  "failed",
  "received",
  "refused",
  "canceled",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Reason codes of SPEC §4 and §5 (TWILIO_ERROR_<code> is open-ended and checked by pattern). */
export const REASON_CODES = [
  "SENDER_NOT_PERMITTED",
  "BODY_TOO_LONG",
  "EMPTY_BODY",
  /** SPEC §10: a merge field would be empty for this recipient and has no fallback (a scheduled send at its release). */
  "EMPTY_MERGE_FIELD",
  "SMS_PHONE_NUMBER_LIMIT_REACHED",
  "SMS_MONTHLY_LIMIT_REACHED",
  "NO_SMS_NUMBER",
  "UNDELIVERABLE",
  "TWILIO_RECIPIENT_UNSUBSCRIBED",
  "TWILIO_INVALID_NUMBER",
  "TWILIO_UNKNOWN_DESTINATION_HANDSET",
  /** Issue 18: the send was paused for carrier filtering and then cancelled before this message was handed over. */
  "SEND_CANCELLED",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number] | `TWILIO_ERROR_${number}`;

export const SYSTEM_NUMBER_STATUSES = ["ACTIVE", "RETIRED"] as const;
