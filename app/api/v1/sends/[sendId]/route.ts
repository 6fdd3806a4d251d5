import { apiRoute, readJsonBody } from "@/lib/api/handler";
import { cancelSend, changeScheduledSend, getSend } from "@/lib/messaging/send/sends";

type Params = { sendId: string };

/** GET /api/v1/sends/{sendId} — a send: state, times, counts by outcome, progress. */
export const GET = apiRoute<Params>(({ ctx, params }) => getSend({ ctx, input: { sendId: params.sendId } }));

/** PATCH /api/v1/sends/{sendId} — a scheduled send's new body and/or time; 409 once released. */
export const PATCH = apiRoute<Params>(async ({ ctx, request, params }) =>
  changeScheduledSend({ ctx, input: { sendId: params.sendId, change: await readJsonBody(request) } }),
);

/** DELETE /api/v1/sends/{sendId} — cancels a scheduled or paused send; 409 when sending, done or cancelled. */
export const DELETE = apiRoute<Params>(({ ctx, params }) => cancelSend({ ctx, input: { sendId: params.sendId } }));
