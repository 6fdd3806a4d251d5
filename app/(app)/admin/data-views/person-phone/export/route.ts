import { getDb } from "@/db";
import { getActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { exportPersonPhonesCsv } from "@/lib/person-phones/export-person-phones";

/**
 * GET: the Person Phone view as CSV, with the view's search and filters (SPEC §6). Streamed:
 * the service reads keyset batches only as the client takes them (the stream's pull), so
 * memory stays flat for any number of records. Administrators only.
 */
export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return Response.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 });
  let exported: ReturnType<typeof exportPersonPhonesCsv>;
  try {
    const input = Object.fromEntries(new URL(req.url).searchParams);
    exported = exportPersonPhonesCsv({ ctx: { db: getDb(), actor, now: new Date() }, input });
  } catch (err) {
    if (isAppError(err)) return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status });
    throw err;
  }
  const { filename, chunks } = exported;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
