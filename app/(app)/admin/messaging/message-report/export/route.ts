import { getDb } from "@/db";
import { getActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { prepareMessageReportExport } from "@/lib/reports/export-message-report";

/** Never cached or prerendered: every export reads the messages as they are now. */
export const dynamic = "force-dynamic";

function error(code: string, status: number, message: string) {
  return Response.json({ error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The Message Report as CSV (SPEC §7) with the page's filters, streamed: the body pulls one
 * batch from the database when the client has read the last one, so memory stays flat.
 */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return error("UNAUTHENTICATED", 401, "Sign in first.");
  let exported: Awaited<ReturnType<typeof prepareMessageReportExport>>;
  try {
    const input = Object.fromEntries(new URL(request.url).searchParams);
    exported = await prepareMessageReportExport({ ctx: { db: getDb(), actor, now: new Date() }, input });
  } catch (err) {
    if (isAppError(err)) return error(err.code, err.status, err.message);
    // Logged here, by code, rather than rethrown: Next would print a failed query's parameters.
    log.error("message report export failed", { userId: actor.userId, err: describeError(err, true) });
    return error("INTERNAL", 500, "Something went wrong. Please try again.");
  }
  const chunks = exported.chunks;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exported.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
