import { apiRoute, json, readJsonBody } from "@/lib/api/handler";
import { SEND_BODY_LIMIT } from "@/lib/http/read-body";
import { sendMessages } from "@/lib/messaging/send/send-messages";

/**
 * POST /api/v1/messages — one send to up to 50,000 recipients (SPEC §9), the same service as the
 * composer's Send. 202: decided and stored; texts and emails go out from the worker.
 */
export const POST = apiRoute(async ({ ctx, request }) => json(await sendMessages({ ctx, input: await readJsonBody(request, SEND_BODY_LIMIT) }), 202));
