import type { MessageStatus } from "@/db/schema/constants";

/**
 * Where each status stands in an outbound message's life. Statuses of equal rank are
 * alternatives, except `accepted` → `queued` (Twilio's Messaging Service picks a sender).
 * Null: a status no transition leads to or from (`received`, `refused`: set when the row is
 * written, never changed).
 */
const RANK: Record<MessageStatus, number | null> = {
  pending: 0,
  accepted: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  received: null,
  refused: null,
};

/** Canceling is possible only before the text reached the carrier. */
const CANCELABLE: ReadonlySet<MessageStatus> = new Set(["pending", "accepted", "queued"]);

/**
 * SPEC §5: statuses only move forward, because Twilio's callbacks arrive late and out of order.
 * `pending` < `accepted`/`queued` < `sending` < `sent` < `delivered` | `undelivered` | `failed`.
 * Any step forward is allowed, skipping ranks included (`queued` → `delivered`); a repeat or a
 * step back is not, so a late `sent` never overwrites `delivered`.
 *
 * `delivered`, `undelivered`, `failed` and `canceled` are final: nothing follows them. In
 * particular a `delivered` arriving after `undelivered` (or the reverse) does not change the
 * message: the first final answer has already had its effects (the email fallback and the
 * phone-record changes of the failure table), and the message keeps the status those effects
 * were decided on. The caller still records the late callback as a message event, so the
 * report's history shows it. `canceled` is reachable only from `pending`, `accepted` or `queued`.
 */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  const a = RANK[from];
  const b = RANK[to];
  if (a === null || b === null || a === 4) return false;
  if (to === "canceled") return CANCELABLE.has(from);
  if (from === "accepted" && to === "queued") return true;
  return b > a;
}
