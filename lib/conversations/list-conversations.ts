import "server-only";
import { z } from "zod";
import { listConversationsPage, type ConversationListRow, type ConversationSearch } from "@/db/queries/conversations";
import { authorize } from "@/lib/auth/policy";
import { readKeysetPage } from "@/lib/keyset-page";
import { parseInput, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";
import { safeText } from "@/lib/validation/text";
import { decodeConversationCursor, encodeConversationCursor } from "./conversation-cursor";

export const listConversationsInput = z.object({
  /** `mine`: the actor's own conversations; `unmatched`: the institution's unmatched ones (administrators). */
  scope: z.enum(["mine", "unmatched"]).default("mine"),
  cursor: z.string().max(500).optional(),
  /** Search: the counterpart's name or number, or any message's text. */
  q: safeText(z.string().trim().max(200)).optional(),
  /** Only conversations with unread messages (the actor's own conversations). */
  unread: z.boolean().default(false),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** The search box's text as an inbox search: words of a name, the digits of a number, or the text itself. */
export function toConversationSearch(q: string | undefined): ConversationSearch | undefined {
  const text = (q ?? "").trim();
  if (!text) return undefined;
  const digits = text.replace(/\D/g, "");
  return {
    text,
    words: text.toLowerCase().split(/[\s,]+/).filter(Boolean).slice(0, 8),
    digits: /^[0-9\s()+.\-]+$/.test(text) && digits.length >= 3 ? digits : undefined,
  };
}

export type ConversationListItem = Omit<ConversationListRow, "key">;
export type ConversationListPage = { items: ConversationListItem[]; nextCursor: string | null; prevCursor: string | null };

/**
 * A page of conversations, latest message first, with the owner's unread counts (SPEC §1:
 * staff read replies in conversations). `mine` lists what the actor owns — nothing for a
 * student, who never holds a system number; `unmatched` lists, for administrators, the texts
 * to an unassigned number or from a number no single person holds, so none is lost. `q`
 * searches names, numbers and message texts; `unread` keeps the conversations with unread replies.
 */
export async function listConversations({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ConversationListPage> {
  const { actor, db } = ctx;
  const params = parseInput(listConversationsInput, input);
  if (params.scope === "unmatched") authorize(actor, "conversations.readUnmatched");
  const cursor = params.cursor ? decodeConversationCursor(params.cursor) : null;
  if (params.cursor && !cursor) throw validationError({ cursor: "Not a cursor from this list; start from the first page." });
  if (params.scope === "mine" && !actor.personId) return { items: [], nextCursor: null, prevCursor: null };

  const { rows, nextCursor, prevCursor } = await readKeysetPage({
    limit: params.limit,
    direction: cursor?.direction,
    fetch: ({ backwards, limit }) =>
      listConversationsPage(db, {
        institutionId: actor.institutionId,
        scope: params.scope === "mine" ? { ownerPersonId: actor.personId! } : { unmatched: true },
        search: toConversationSearch(params.q),
        unreadOnly: params.scope === "mine" && params.unread,
        from: cursor ? { key: cursor, newer: backwards } : undefined,
        limit,
      }),
    encode: (row, direction) => encodeConversationCursor({ ...row.key, direction }),
  });
  return { items: rows.map(({ key: _key, ...item }) => item), nextCursor, prevCursor };
}
