import { json } from "@/lib/api/handler";
import { getActorToRecheck } from "@/lib/auth/current-actor";
import { POLICY, can } from "@/lib/auth/policy";
import { liveSince, liveStreamResponse } from "@/lib/live/live-stream";

/**
 * GET /api/live — the signed-in staff member's live events as Server-Sent Events (issue 18
 * item 4): ids of the conversations and sends they may see that changed; the page decides what
 * to fetch again, first those since `?since=` / `Last-Event-ID`. One stream per browser tab (components/live/live-events.ts). Signed out → 401,
 * not staff → 403, as JSON, which EventSource takes as "do not reconnect".
 */
export async function GET(request: Request) {
  const session = await getActorToRecheck();
  if (!session) return json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, 401);
  if (!can(session.actor, "live.subscribe")) return json({ error: { code: "FORBIDDEN", message: POLICY["live.subscribe"].refusal.message } }, 403);
  return liveStreamResponse({ ...session, since: liveSince(request), signal: request.signal });
}

export const dynamic = "force-dynamic";
