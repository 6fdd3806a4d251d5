"use server";

import { revalidatePath } from "next/cache";
import { markRead, markReadInput } from "@/lib/conversations/mark-conversation-read";
import { sendConversationMessage, sendConversationMessageInput } from "@/lib/conversations/send-conversation-message";
import { action } from "@/lib/action";

/** The thread's reply box (or the first text to a person): through the delivery engine, then the thread re-renders. */
export const sendConversationMessageAction = action(sendConversationMessageInput, { permission: "messages.compose" }, async ({ ctx, input }) => {
  const sent = await sendConversationMessage({ ctx, input });
  if (sent.conversationId) revalidatePath(`/messages/${sent.conversationId}`);
  return sent;
});

/** The owner has seen the thread up to a message. */
export const markConversationReadAction = action(markReadInput, {}, ({ ctx, input }) => markRead({ ctx, input }));
