"use server";

import { action } from "@/lib/action";
import { composerPreviewInput, composerSendInput } from "@/lib/messaging/send/audience-schema";
import { getSendProgress, sendProgressInput } from "@/lib/messaging/send/get-send-progress";
import { previewDelivery } from "@/lib/messaging/send/preview-delivery";
import { resolveAudience } from "@/lib/messaging/send/resolve-audience";
import { sendMessages } from "@/lib/messaging/send/send-messages";

/** The composer's Review: what Send would do, nothing stored; one page of the per-recipient decisions. */
export const previewMessagesAction = action(composerPreviewInput, { permission: "messages.compose" }, async ({ ctx, input }) => {
  const recipientIds = await resolveAudience({ ctx, input: input.audience });
  return previewDelivery({ ctx, input: { recipientIds, body: input.body, page: input.page } });
});

/**
 * The composer's Send (SPEC §9): the whole audience in one `sendMessages` call — one send, one
 * send_batches row — as `POST /api/v1/messages` does. Once this answers, the send is stored and
 * the worker carries it out whether or not the composer stays open; the composer follows it by
 * its id through `sendProgressAction`. Other fields of the input (a scheduled `sendAt`) go to
 * `sendMessages` as they came, which validates them.
 */
export const sendMessagesAction = action(composerSendInput, { permission: "messages.compose" }, async ({ ctx, input }) => {
  const { audience, ...send } = input;
  const recipientIds = await resolveAudience({ ctx, input: audience });
  const sent = await sendMessages({ ctx, input: { ...send, recipientIds } });
  return {
    batchId: sent.batchId,
    refused: sent.refused,
    summary: sent.summary,
    recipients: recipientIds.length,
    unknown: sent.unknownRecipientIds.length,
    monthly: sent.monthly,
  };
});

/** How far the worker has got with the actor's sends (stored message statuses). */
export const sendProgressAction = action(sendProgressInput, { permission: "messages.compose" }, ({ ctx, input }) => getSendProgress({ ctx, input }));
