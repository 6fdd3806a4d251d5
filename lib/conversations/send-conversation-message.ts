import "server-only";
import { z } from "zod";
import { authorize } from "@/lib/auth/policy";
import { findPersonConversationId } from "@/db/queries/conversations";
import { AppError } from "@/lib/errors";
import { sendMessages } from "@/lib/messaging/send/send-messages";
import { messageBodyInput, type RecipientResult } from "@/lib/messaging/send/schemas";
import { parseInput } from "@/lib/parse-input";
import { isPersonId } from "@/lib/people/get-person";
import type { ServiceContext } from "@/lib/service-context";
import { conversationNotFound, loadReadableConversation } from "./get-conversation";

export const sendConversationMessageInput = z
  .object({
    /** Reply in this conversation (to its person)… */
    conversationId: z.string().optional(),
    /** …or text this person, starting the conversation when there is none. */
    personId: z.string().optional(),
    body: messageBodyInput,
    /** The saved reply or template the body came from (SPEC §10), recorded on the message. */
    templateId: z.uuid().optional(),
  })
  .refine((v) => (v.conversationId === undefined) !== (v.personId === undefined), {
    message: "Give a conversation or a person, not both.",
    path: ["conversationId"],
  });

export type ConversationSendResult = {
  /** Where the message is now (null when it was refused before a conversation existed). */
  conversationId: string | null;
  result: RecipientResult;
};

/**
 * A reply from the thread view (SPEC §4, §5): the same engine and decision as any send —
 * `sendMessages` to the conversation's person — so it goes by text or falls back to email for
 * the same reasons, and is refused for the same reasons. Only the owner replies, and only to a
 * conversation with a person (an unknown number has no record to decide for).
 */
export async function sendConversationMessage({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ConversationSendResult> {
  const params = parseInput(sendConversationMessageInput, input);
  const { actor } = ctx;
  authorize(actor, "messages.compose");
  // Staff are persons: their capabilities come from their person's roles (lib/auth/load-actor.ts).
  const ownerPersonId = actor.personId!;
  // Refused by the engine too (EMPTY_BODY), but a slip of the Send button needn't leave a record.
  if (params.body.trim() === "") throw new AppError("VALIDATION", REFUSALS.EMPTY_BODY, { body: REFUSALS.EMPTY_BODY });

  let recipientId: string;
  if (params.conversationId !== undefined) {
    const { conversation } = await loadReadableConversation(ctx, params.conversationId);
    authorize(actor, "conversation.reply", conversation);
    recipientId = conversation.counterpartPersonId!;
  } else {
    if (!isPersonId(params.personId!)) throw new AppError("NOT_FOUND", "No such person.");
    recipientId = params.personId!;
  }

  const sent = await sendMessages({ ctx, input: { recipientIds: [recipientId], body: params.body, templateId: params.templateId } });
  if (sent.unknownRecipientIds.length > 0) {
    if (params.conversationId !== undefined) throw conversationNotFound();
    throw new AppError("NOT_FOUND", "No such person.");
  }
  const [result] = sent.results;
  if (sent.refused) throw new AppError("VALIDATION", refusalMessage(sent.refused), { body: refusalMessage(sent.refused) });
  const conversationId =
    params.conversationId ??
    (await findPersonConversationId(ctx.db, { institutionId: actor.institutionId, ownerPersonId, counterpartPersonId: recipientId }));
  return { conversationId, result };
}

const REFUSALS: Record<string, string> = {
  SENDER_NOT_PERMITTED: "You aren't permitted to send text messages (your roles aren't in Permitted Roles).",
  BODY_TOO_LONG: "The message is longer than this institution allows.",
  EMPTY_BODY: "Write a message first.",
  EMPTY_MERGE_FIELD: "A merge field would be empty for this person: give it a fallback, e.g. {{preferredName|there}}.",
};

function refusalMessage(code: string): string {
  return REFUSALS[code] ?? `The message was refused (${code}).`;
}
