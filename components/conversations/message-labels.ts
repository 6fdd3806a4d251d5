import { heldUntilLabel } from "@/lib/quiet-hours/held-label";

/** How message statuses and keywords read in the conversation views (reasons: lib/messaging/reason-labels.ts). */

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

/** What every view of a message needs to say how it stands: its status and any quiet-hours hold. */
export type MessageStanding = { status: string; heldUntil: Date | null; heldTimeZone: string | null };

/**
 * A message's status as every view shows it: a pending text held for quiet hours reads "Held
 * for quiet hours until 8:00 AM Central" in the recipient's zone (SPEC §9: shown with the time
 * it will go; `fallbackZone` when the hold kept none); anything else, its status label.
 */
export function messageStatusLabel(m: MessageStanding, now: Date, fallbackZone: string): string {
  if (m.status === "pending" && m.heldUntil) return heldUntilLabel(m.heldUntil, m.heldTimeZone ?? fallbackZone, now);
  return statusLabel(m.status);
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
