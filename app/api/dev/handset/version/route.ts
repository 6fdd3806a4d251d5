import { sessionRoute } from "@/lib/api/session-route";
import { readHandset } from "@/lib/twilio/simulator/handset";

/** GET /api/dev/handset/version?number= — `{ version }` of a simulated phone's texts, polled by the handset page. */
export const GET = sessionRoute(async ({ ctx, request }) => {
  const number = new URL(request.url).searchParams.get("number") ?? undefined;
  return { version: (await readHandset({ ctx, input: { number } })).version };
});

export const dynamic = "force-dynamic";
