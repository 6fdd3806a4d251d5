import type { Actor } from "@/lib/auth/capabilities";
import { can } from "@/lib/auth/policy";

export type ConversationParties = { ownerPersonId: string | null; counterpartPersonId: string | null };

/** A conversation nobody can answer from the app: its number had no holder, or its texter no single person record. */
export function isUnmatched(c: ConversationParties): boolean {
  return c.ownerPersonId === null || c.counterpartPersonId === null;
}

export type ConversationAccess = {
  /** The actor may open it at all; otherwise it is NOT_FOUND to them, never FORBIDDEN. */
  read: boolean;
  /** The actor owns it: reading marks it read. */
  owner: boolean;
  /** The actor owns it and it is with a person: a reply goes through the delivery engine to them. */
  reply: boolean;
};

/**
 * Who may open a conversation (SPEC §1, §5), within the actor's institution:
 * - its owner, the holder of the system number it is on, reads it and — when it is with a
 *   person — replies to it;
 * - administrators also read the unmatched ones (texts to a number nobody held, or from a
 *   number no single person holds), so no text is lost; they reply to none they do not own;
 * - nobody else: students, other staff, other administrators' own conversations.
 */
export function conversationAccess(actor: Pick<Actor, "personId" | "capabilities">, c: ConversationParties): ConversationAccess {
  return {
    read: can(actor, "conversation.read", c),
    owner: actor.personId !== null && c.ownerPersonId === actor.personId,
    reply: can(actor, "conversation.reply", c),
  };
}
