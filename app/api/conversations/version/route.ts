import { getDb } from "@/db";
import { inboxVersion } from "@/db/queries/conversations";
import { json } from "@/lib/api/handler";
import { getActor } from "@/lib/auth/current-actor";

/** GET /api/conversations/version — `{ version }` of the signed-in user's inbox, polled by the conversation list. */
export async function GET() {
  const actor = await getActor();
  if (!actor) return json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, 401);
  const version = actor.personId ? await inboxVersion(getDb(), { institutionId: actor.institutionId, personId: actor.personId }) : "";
  return json({ version });
}

export const dynamic = "force-dynamic";
