import { forbidden } from "next/navigation";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requireActor } from "@/lib/auth/current-actor";
import { listConversations } from "@/lib/conversations/list-conversations";
import { isAppError } from "@/lib/errors";

/** One page of a conversation list for the signed-in user, searched and filtered; a cursor from elsewhere starts over. */
export async function loadConversationPage(scope: "mine" | "unmatched", cursor: string | undefined, filters: { q?: string; unread?: boolean } = {}) {
  const actor = await requireActor();
  const db = getDb();
  const ctx = { db, actor, now: new Date() };
  const institution = await getInstitutionSummary(db, actor.institutionId);
  const page = await listConversations({ ctx, input: { scope, cursor, ...filters } }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "FORBIDDEN") forbidden();
    if (isAppError(err) && err.code === "VALIDATION") return listConversations({ ctx, input: { scope } });
    throw err;
  });
  return { actor, page, timeZone: institution?.timeZone ?? "UTC" };
}
