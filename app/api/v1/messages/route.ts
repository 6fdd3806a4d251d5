import { apiRoute, json, readJsonBody } from "@/lib/api/handler";
import { sendMessages } from "@/lib/messaging/send/send-messages";

/**
 * POST /api/v1/messages — one send to up to 10,000 recipients, the same service as the composer's
 * Send. 202: decided and stored; texts and emails go out from the worker.
 */
export const POST = apiRoute(async ({ ctx, request }) => json(await sendMessages({ ctx, input: await readJsonBody(request) }), 202));
