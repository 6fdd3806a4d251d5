import { sessionRoute } from "@/lib/api/session-route";
import { csvResponse } from "@/lib/http/csv-response";
import { prepareSendOutcomesExport } from "@/lib/messaging/send/get-send-outcomes";

/** Never cached or prerendered: every export reads the send's rows as they are now. */
export const dynamic = "force-dynamic";

/** A send's per-recipient results as CSV (issue 18 item 1), streamed in keyset batches; 404 for a send the user may not see. */
export const GET = sessionRoute<{ sendId: string }>(async ({ ctx, params }) => {
  const { filename, chunks } = await prepareSendOutcomesExport({ ctx, input: { sendId: params.sendId } });
  return csvResponse(filename, chunks);
});
