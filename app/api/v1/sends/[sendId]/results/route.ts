import { apiRoute, readQuery } from "@/lib/api/handler";
import { getSendResultsForApi } from "@/lib/messaging/send/get-send-outcomes";

type Params = { sendId: string };

/** GET /api/v1/sends/{sendId}/results — the send's figures, failures by reason, curve and a page of its recipients. */
export const GET = apiRoute<Params>(({ ctx, request, params }) => getSendResultsForApi({ ctx, input: { sendId: params.sendId, page: readQuery(request) } }));
