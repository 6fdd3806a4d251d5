import "server-only";
import { lockTextForFailure } from "@/db/queries/message-lifecycle";
import { recordMessageEvents, type ProviderEventSource } from "@/db/queries/messages";
import { holdExpiredText as holdExpired } from "@/db/queries/quiet-hours";
import { enqueueMessages } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { nextWindowAfterExpiry } from "@/lib/messaging/dispatch/quiet-hours-gate";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";

/** Twilio's "validity period expired": the text sat in its queue past the ValidityPeriod we gave. */
export const VALIDITY_EXPIRED = 30036;

/**
 * A text Twilio let expire in its queue (30036; SPEC §9, issue 16 item 5). We set the validity
 * to the end of the recipient's window, so the text would have arrived in quiet hours: it is
 * neither failed nor sent by email, it is held for the recipient's next window (at once when
 * quiet hours are off, or the window is open again) and dispatched then. The expiry stays in its
 * events. One transaction; the dispatch job is queued after it commits. Returns when it goes
 * again, or null when the text had moved on (another callback, a later claim).
 */
export async function holdExpiredText(
  ctx: ServiceContext<ProviderActor>,
  expiry: { messageId: number; sid: string; eventKey: string; source: ProviderEventSource },
): Promise<Date | null> {
  const until = await ctx.db.transaction(async (tx) => {
    const text = await lockTextForFailure(tx, expiry.messageId);
    if (!text) return null;
    const next = await nextWindowAfterExpiry(ctx, text);
    const heldUntil = next?.until ?? ctx.now;
    const held = await holdExpired(tx, {
      messageId: text.id,
      sid: expiry.sid,
      heldUntil,
      timeZone: next?.timeZone ?? null,
      now: ctx.now,
    });
    if (!held) return null;
    await recordMessageEvents(tx, [
      {
        institutionId: text.institution_id,
        messageId: text.id,
        status: "failed",
        source: expiry.source,
        errorCode: VALIDITY_EXPIRED,
        reasonCode: `TWILIO_ERROR_${VALIDITY_EXPIRED}`,
        eventKey: expiry.eventKey,
        detail: { heldUntil: heldUntil.toISOString() },
        occurredAt: ctx.now,
      },
    ]);
    return heldUntil;
  });
  if (until) await enqueueMessages(QUEUES.dispatchSms, [expiry.messageId], { startAfter: until });
  return until;
}
