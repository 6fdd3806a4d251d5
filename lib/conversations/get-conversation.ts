import "server-only";
import { z } from "zod";
import { findConversation, listThreadMessages, type ConversationRow, type ThreadMessage } from "@/db/queries/conversations";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { conversationAccess, isUnmatched, type ConversationAccess } from "./conversation-access";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const THREAD_PAGE_SIZE = 100;

export const getThreadInput = z.object({
  conversationId: z.string(),
  /** Show the messages before this one (the "Earlier messages" link). */
  beforeId: z.coerce.number().int().positive().optional().catch(undefined),
});

export type ConversationThread = {
  conversation: ConversationRow & { unmatched: boolean };
  access: ConversationAccess;
  messages: ThreadMessage[];
  /** The id to pass as `beforeId` for the previous page, when there are earlier messages. */
  earlierBeforeId: number | null;
};

export function conversationNotFound() {
  return new AppError("NOT_FOUND", "No such conversation.");
}

/**
 * A conversation the actor may read (see conversationAccess), or NOT_FOUND — also for another
 * institution's id or one that is not an id at all, so ids reveal nothing (SPEC §1).
 */
export async function loadReadableConversation(ctx: ServiceContext, conversationId: string) {
  if (!UUID.test(conversationId)) throw conversationNotFound();
  const conversation = await findConversation(ctx.db, { institutionId: ctx.actor.institutionId, conversationId });
  if (!conversation) throw conversationNotFound();
  const access = conversationAccess(ctx.actor, conversation);
  if (!access.read) throw conversationNotFound();
  return { conversation, access };
}

/** The thread view: outbound and inbound texts and emails, with their statuses, latest page oldest first. */
export async function getConversationThread({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ConversationThread> {
  const params = parseInput(getThreadInput, input);
  const { conversation, access } = await loadReadableConversation(ctx, params.conversationId);
  const rows = await listThreadMessages(ctx.db, {
    institutionId: ctx.actor.institutionId,
    conversationId: conversation.id,
    beforeId: params.beforeId,
    limit: THREAD_PAGE_SIZE + 1,
  });
  const earlier = rows.length > THREAD_PAGE_SIZE;
  const messages = earlier ? rows.slice(1) : rows;
  return {
    conversation: { ...conversation, unmatched: isUnmatched(conversation) },
    access,
    messages,
    earlierBeforeId: earlier ? messages[0].id : null,
  };
}
