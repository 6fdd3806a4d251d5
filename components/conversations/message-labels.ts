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
