import type { Actor } from "@/lib/auth/capabilities";
import { authorize, can } from "@/lib/auth/policy";

/**
 * Who sees which messages in the Message Report (SPEC §1 and §7; the SPEC leaves staff other
 * than administrators open, so it is decided here):
 * - administrators: every message of their institution;
 * - other staff: only their own correspondence, the messages they sent (from their person,
 *   including email resends of their texts) or received (texts to their system number,
 *   notifications to them) — what their conversations already show them, no one else's;
 * - students, and operators without a staff role: nothing (403).
 * A staff user without a person record has sent and received nothing, so sees an empty report.
 */
export type ReportScope = { kind: "institution" } | { kind: "participant"; personId: string | null };

export function decideReportScope(actor: Actor): ReportScope {
  authorize(actor, "messageReport.read");
  return can(actor, "messages.readAll") ? { kind: "institution" } : { kind: "participant", personId: actor.personId };
}
