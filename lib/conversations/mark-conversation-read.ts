import "server-only";
import { z } from "zod";
import { markConversationRead } from "@/db/queries/conversations";
import { notifyConversationRead } from "@/db/queries/live-events";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { conversationNotFound, loadReadableConversation } from "./get-conversation";

export const markReadInput = z.object({
  conversationId: z.string(),
  /** The latest message the owner was shown. */
  throughMessageId: z.coerce.number().int().positive(),
});

/**
 * The owner was shown the thread up to a message: inbound messages up to it stop counting as
 * unread. Only the owner's reading counts; an administrator opening an unmatched conversation
 * changes nothing. NOT_FOUND for anyone who may not read it, or a message of another thread.
 */
export async function markRead({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<{ marked: boolean }> {
  const params = parseInput(markReadInput, input);
  const { conversation, access } = await loadReadableConversation(ctx, params.conversationId);
  if (!access.owner) return { marked: false };
  const marked = await markConversationRead(ctx.db, {
    institutionId: ctx.actor.institutionId,
    conversationId: conversation.id,
    ownerPersonId: ctx.actor.personId!,
    throughMessageId: params.throughMessageId,
  });
  if (!marked) throw conversationNotFound();
  // Issue 18: the owner's other tabs (the inbox, the Messages badge) show the new unread count.
  await notifyConversationRead(ctx.db, { institutionId: ctx.actor.institutionId, conversationId: conversation.id });
  return { marked };
}
