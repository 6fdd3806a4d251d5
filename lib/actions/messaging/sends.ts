"use server";

import { z } from "zod";
import { findSendZones } from "@/db/queries/sends";
import { action } from "@/lib/action";
import { cancelSend, changeScheduledSend, resumeSend } from "@/lib/messaging/send/sends";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { audienceInput, composerSendInput } from "@/lib/messaging/send/audience-schema";
import { resolveAudience } from "@/lib/messaging/send/resolve-audience";

const sendIdInput = z.object({ sendId: z.string().min(1).max(100) });

/** Cancel on the Sends page: a scheduled or paused send of the actor's (or, for an administrator, anyone's). */
export const cancelSendAction = action(sendIdInput, { permission: "sends.list", revalidate: "/sends" }, ({ ctx, input }) =>
  cancelSend({ ctx, input }),
);

/** Resume on the Sends page: a send paused for carrier filtering (issue 18), the actor's or, for an administrator, anyone's. */
export const resumeSendAction = action(sendIdInput, { permission: "sends.list", revalidate: "/sends" }, ({ ctx, input }) =>
  resumeSend({ ctx, input }),
);

/** Edit on the Sends page: a scheduled send's body and/or time (sendAt: an instant, converted from the sender's zone by the form). */
export const changeSendAction = action(
  sendIdInput.extend({ body: z.string().optional(), sendAt: z.string().optional() }),
  { permission: "sends.list", revalidate: "/sends" },
  ({ ctx, input }) => changeScheduledSend({ ctx, input: { sendId: input.sendId, change: { body: input.body, sendAt: input.sendAt } } }),
);

/**
 * The composer's "Send later" (SPEC §9): the same `sendMessages` as `POST /api/v1/messages`
 * with `sendAt`, for the composer's audience (ticked people, a search or a list, resolved now),
 * storing recipients and body only, whatever the number of recipients.
 */
export const scheduleSendAction = action(
  composerSendInput.extend({ sendAt: z.string().min(1).max(100) }),
  { permission: "messages.compose", revalidate: "/sends" },
  async ({ ctx, input }) => {
    const recipientIds = await resolveAudience({ ctx, input: input.audience });
    const templateId = typeof input.templateId === "string" ? input.templateId : undefined;
    const sent = await sendMessages({ ctx, input: { recipientIds, body: input.body, templateId, sendAt: input.sendAt } });
    return { batchId: sent.batchId!, scheduledFor: sent.scheduledFor!, unknown: sent.unknownRecipientIds.length };
  },
);

/** The sender's time zone and the recipients' recorded zones, for "Send later". */
export const sendZonesAction = action(z.object({ audience: audienceInput }), { permission: "messages.compose" }, async ({ ctx, input }) => {
  const recipientIds = await resolveAudience({ ctx, input: input.audience });
  return findSendZones(ctx.db, { institutionId: ctx.actor.institutionId, senderPersonId: ctx.actor.personId, recipientIds });
});
