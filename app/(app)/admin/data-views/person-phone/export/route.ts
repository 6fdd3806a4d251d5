import { sessionRoute } from "@/lib/api/session-route";
import { csvResponse } from "@/lib/http/csv-response";
import { exportPersonPhonesCsv } from "@/lib/person-phones/export-person-phones";

/**
 * GET: the Person Phone view as CSV, with the view's search and filters (SPEC §6). Streamed:
 * the service reads keyset batches only as the client takes them (the stream's pull), so
 * memory stays flat for any number of records. Administrators only.
 */
export const GET = sessionRoute(async ({ ctx, request }) => {
  const { filename, chunks } = exportPersonPhonesCsv({ ctx, input: Object.fromEntries(new URL(request.url).searchParams) });
  return csvResponse(filename, chunks);
});
