import { countUnreadConversations } from "@/db/queries/conversations";
import { sessionRoute } from "@/lib/api/session-route";

/** GET /api/conversations/unread — `{ unread }`: the signed-in user's conversations with unread replies (the nav badge). */
export const GET = sessionRoute(async ({ ctx: { db, actor } }) => ({
  unread: actor.personId ? await countUnreadConversations(db, { institutionId: actor.institutionId, ownerPersonId: actor.personId }) : 0,
}));

export const dynamic = "force-dynamic";
