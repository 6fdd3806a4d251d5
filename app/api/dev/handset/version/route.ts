import { getDb } from "@/db";
import { json } from "@/lib/api/handler";
import { getActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { readHandset } from "@/lib/twilio/simulator/handset";

/** GET /api/dev/handset/version?number= — `{ version }` of a simulated phone's texts, polled by the handset page. */
export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, 401);
  const number = new URL(req.url).searchParams.get("number") ?? undefined;
  try {
    const view = await readHandset({ ctx: { db: getDb(), actor, now: new Date() }, input: { number } });
    return json({ version: view.version });
  } catch (err) {
    if (isAppError(err)) return json({ error: { code: err.code, message: err.message } }, err.status);
    throw err;
  }
}

export const dynamic = "force-dynamic";
