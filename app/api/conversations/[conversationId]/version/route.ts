import { sessionRoute } from "@/lib/api/session-route";
import { getConversationVersion } from "@/lib/conversations/get-conversation";

/**
 * GET /api/conversations/:id/version — `{ version }`, polled by an open thread (signed-in
 * session); it changes when a message arrives or changes status. 404 for a conversation the
 * user may not read, as for the page.
 */
export const GET = sessionRoute<{ conversationId: string }>(async ({ ctx, params }) => ({
  version: await getConversationVersion({ ctx, input: params }),
}));

export const dynamic = "force-dynamic";
