import type { SmsStatus } from "@/db/schema/constants";
import { SMS_STATUS_LABELS } from "./sms-status-badge";

/** Why the system changed a phone by itself (phone_history.reason), in words (SPEC §2 rules). */
export const SYSTEM_REASON_LABELS: Record<string, string> = {
  OPT_OUT_KEYWORD: "Opt-out keyword texted (STOP, …)",
  OPT_IN_KEYWORD: "Opt-in keyword texted from this number (START, …)",
  INITIATION: "The person started a conversation from this number",
  TWILIO_RECIPIENT_UNSUBSCRIBED: "Twilio 21610: the recipient unsubscribed",
  TWILIO_INVALID_NUMBER: "Twilio: invalid number (21211 / 21614)",
  TWILIO_UNKNOWN_DESTINATION_HANDSET: "Twilio 30005: unknown destination handset",
  PROSPECT_UPLOAD: "Prospect upload",
};

function valueLabel(field: "SMS_STATUS" | "VERIFIED", value: string | null): string {
  if (value === null) return "—";
  if (field === "VERIFIED") return value === "true" ? "Verified" : "Not verified";
  return SMS_STATUS_LABELS[value as SmsStatus] ?? value;
}

/** "SMS status: SMS Default → SMS Enabled", "Verified: Not verified → Verified". */
export function describeChange(entry: { field: "SMS_STATUS" | "VERIFIED"; oldValue: string | null; newValue: string }): string {
  const what = entry.field === "SMS_STATUS" ? "SMS status" : "Verified";
  return `${what}: ${valueLabel(entry.field, entry.oldValue)} → ${valueLabel(entry.field, entry.newValue)}`;
}

export function describeCause(entry: { by: { type: "USER" | "SYSTEM" }; reason: string | null }): string {
  if (entry.by.type === "USER") return "Manual change on the Profile tab";
  return entry.reason ? (SYSTEM_REASON_LABELS[entry.reason] ?? entry.reason) : "Automatic";
}
