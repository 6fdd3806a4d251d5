import "server-only";
import { claimScheduledSend, findScheduledSend, type ScheduledSendRow } from "@/db/queries/sends";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { log } from "@/lib/log";
import type { ProviderActor, ServiceContext } from "@/lib/service-context";
import { deliverSend } from "./send-messages";

export type ReleaseOutcome = "released" | "not-due" | "not-scheduled";

/** An edit between reading a send and claiming it makes the claim fail: read it again, this many times. */
const CLAIM_ATTEMPTS = 3;

/**
 * Releases a scheduled send at its time (SPEC §9), run by the worker's release job and its
 * sweep: the same decisions as an immediate send (deliverSend), as the sender stands now — their
 * roles and Permitted Roles reloaded, so one who may no longer text has every recipient
 * refused with SENDER_NOT_PERMITTED (a disabled or deleted sender too). The claim (scheduled →
 * sending, conditional on the state, the time and the version read) runs in the decisions'
 * transaction: however many workers try, the send is released once, with its latest body.
 */
export async function releaseScheduledSend({
  ctx,
  input,
}: {
  ctx: ServiceContext<ProviderActor>;
  input: { batchId: string };
}): Promise<ReleaseOutcome> {
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
    const send = await findScheduledSend(ctx.db, { batchId: input.batchId });
    if (!send) return "not-scheduled";
    if (send.scheduledFor.getTime() > ctx.now.getTime()) return "not-due";
    const actor = await senderAsTheyStand(ctx, send);
    const released = await deliverSend(
      { db: ctx.db, actor, now: ctx.now },
      {
        recipientIds: send.recipientIds,
        body: send.body,
        templateId: send.templateId,
        release: { batchId: send.id, claim: (tx) => claimScheduledSend(tx, { batchId: send.id, now: ctx.now, version: send.version }) },
      },
    );
    if (released) {
      log.info("scheduled send released", { batchId: send.id, institutionId: send.institutionId, ...released.summary, refused: released.refused });
      return "released";
    }
  }
  return "not-scheduled";
}

/** The sender reloaded; one who may no longer act has no capability, so the decision refuses the send (SENDER_NOT_PERMITTED). */
async function senderAsTheyStand(ctx: ServiceContext<ProviderActor>, send: ScheduledSendRow): Promise<Actor> {
  const actor = await loadActor(ctx.db, send.senderUserId);
  if (actor && actor.institutionId === send.institutionId) return actor;
  return {
    kind: "user",
    userId: send.senderUserId,
    personId: send.senderPersonId,
    institutionId: send.institutionId,
    displayName: "",
    email: "",
    capabilities: { admin: false, operator: false, staff: false, student: false, permittedSender: false },
  };
}
