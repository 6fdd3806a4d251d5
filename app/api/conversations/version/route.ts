import { inboxVersion } from "@/db/queries/conversations";
import { sessionRoute } from "@/lib/api/session-route";

/** GET /api/conversations/version — `{ version }` of the signed-in user's inbox, polled by the conversation list. */
export const GET = sessionRoute(async ({ ctx: { db, actor } }) => ({
  version: actor.personId ? await inboxVersion(db, { institutionId: actor.institutionId, personId: actor.personId }) : "",
}));

export const dynamic = "force-dynamic";
