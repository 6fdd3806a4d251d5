import "server-only";
import type { DbOrTx } from "@/db";
import { insertEmailFallback } from "@/db/queries/message-lifecycle";
import type { OutboundRow } from "@/db/queries/messages";

/**
 * SPEC §4.6 and §5: resends a text that failed by email to the recipient's primary email,
 * exactly once (messages.fallback_for_message_id is unique). Without an email the fallback is
 * recorded as UNDELIVERABLE. Returns the id of a new pending email, or null when nothing is to
 * be sent (already resent, or undeliverable).
 */
export async function createEmailFallback(
  tx: DbOrTx,
  params: { text: OutboundRow; reasonCode: string; now: Date },
): Promise<number | null> {
  const row = await insertEmailFallback(tx, params);
  return row && row.status === "pending" ? row.id : null;
}
