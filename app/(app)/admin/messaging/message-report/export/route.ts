import { sessionRoute } from "@/lib/api/session-route";
import { csvResponse } from "@/lib/http/csv-response";
import { prepareMessageReportExport } from "@/lib/reports/export-message-report";

/** Never cached or prerendered: every export reads the messages as they are now. */
export const dynamic = "force-dynamic";

/**
 * The Message Report as CSV (SPEC §7) with the page's filters, streamed: the body pulls one
 * batch from the database when the client has read the last one, so memory stays flat.
 */
export const GET = sessionRoute(async ({ ctx, request }) => {
  const { filename, chunks } = await prepareMessageReportExport({ ctx, input: Object.fromEntries(new URL(request.url).searchParams) });
  return csvResponse(filename, chunks);
});
