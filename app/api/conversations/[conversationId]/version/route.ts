import { getDb } from "@/db";
import { json } from "@/lib/api/handler";
import { getActor } from "@/lib/auth/current-actor";
import { getConversationVersion } from "@/lib/conversations/get-conversation";
import { isAppError } from "@/lib/errors";

/**
 * GET /api/conversations/:id/version — `{ version }`, polled by an open thread (signed-in
 * session); it changes when a message arrives or changes status. 404 for a conversation the
 * user may not read, as for the page.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ conversationId: string }> }) {
  const actor = await getActor();
  if (!actor) return json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, 401);
  try {
    const version = await getConversationVersion({ ctx: { db: getDb(), actor, now: new Date() }, input: await params });
    return json({ version });
  } catch (err) {
    if (isAppError(err)) return json({ error: { code: err.code, message: err.message } }, err.status);
    throw err;
  }
}

export const dynamic = "force-dynamic";
