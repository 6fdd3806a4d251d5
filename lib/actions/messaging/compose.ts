"use server";

import { action } from "@/lib/action";
import { getSendProgress, sendProgressInput } from "@/lib/messaging/send/get-send-progress";
import { previewDelivery } from "@/lib/messaging/send/preview-delivery";
import { composerChunkInput, sendMessagesInput } from "@/lib/messaging/send/schemas";
import { sendMessages } from "@/lib/messaging/send/send-messages";

/** The composer's Review: what Send would do, nothing stored. */
export const previewMessagesAction = action(sendMessagesInput, { permission: "messages.compose" }, ({ ctx, input }) => previewDelivery({ ctx, input }));

/**
 * One chunk of the composer's Send: the same `sendMessages` as `POST /api/v1/messages`. Answers
 * the counts only; the composer follows the stored messages through `sendProgressAction`.
 */
export const sendMessagesChunkAction = action(
  composerChunkInput,
  { permission: "messages.compose" },
  async ({ ctx, input }) => {
    const sent = await sendMessages({ ctx, input });
    return {
      batchId: sent.batchId,
      refused: sent.refused,
      summary: sent.summary,
      unknown: sent.unknownRecipientIds.length,
      monthly: sent.monthly,
    };
  },
);

/** How far the worker has got with the actor's sends (stored message statuses). */
export const sendProgressAction = action(sendProgressInput, { permission: "messages.compose" }, ({ ctx, input }) => getSendProgress({ ctx, input }));
