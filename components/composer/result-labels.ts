import { messageStatusLabel, statusLabel } from "@/components/conversations/message-labels";
import { reasonLabel } from "@/lib/messaging/reason-labels";
import { formatPhone } from "@/lib/e164";
import type { SendOutcome, SendResult } from "@/lib/messaging/send/get-send-results";

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export const OUTCOME_HEADINGS: Record<SendOutcome, string> = { TEXT: "Got a text", EMAIL: "Got an email", NOTHING: "Got nothing" };

/** "Text failed: Invalid number" / "Text canceled". */
function textFailed(f: NonNullable<SendResult["textFailure"]>): string {
  const what = `Text ${statusLabel(f.status).toLowerCase()}`;
  return f.reasonCode ? `${what}: ${lower(reasonLabel(f.reasonCode))}` : what;
}

/** Why this recipient got what they got, in words (the codes are in the Message Report and its CSV). */
export function resultWhy(r: SendResult): string {
  if (r.outcome === "TEXT") {
    return r.held ? messageStatusLabel({ status: r.status, heldUntil: new Date(r.held.until), heldTimeZone: r.held.timeZone }, new Date(), "UTC") : statusLabel(r.status);
  }
  if (r.outcome === "EMAIL") {
    if (r.textFailure) return `${textFailed(r.textFailure)} — emailed instead`;
    return r.reasonCode ? capitalize(reasonLabel(r.reasonCode)) : "Email";
  }
  if (r.textFailure) return `${textFailed(r.textFailure)} — ${r.emailable ? "not emailed yet" : "and no email address"}`;
  if (r.reasonCode === "UNDELIVERABLE" && r.decisionDetail) return `${capitalize(reasonLabel(r.decisionDetail))}, and no email either`;
  return r.reasonCode ? capitalize(reasonLabel(r.reasonCode)) : "—";
}

/** Where it went: the formatted number, the email address, or a dash. */
export function resultDestination(r: SendResult): string {
  if (!r.destination) return "—";
  return r.outcome === "TEXT" ? formatPhone(r.destination) : r.destination;
}

/** The conversation with the recipient: the send's own, else the one `/messages/with` opens or starts. */
export function conversationHref(r: SendResult): string | null {
  if (r.conversationId) return `/messages/${r.conversationId}`;
  return r.personId ? `/messages/with/${r.personId}` : null;
}

/** The Message Report filtered to exactly this send (its batches). */
export function reportHref(batchIds: readonly string[]): string {
  return `/admin/messaging/message-report?batch=${batchIds.join(",")}`;
}
