import { apiRoute } from "@/lib/api/handler";
import { getMessage } from "@/lib/messaging/get-message";

/** GET /api/v1/messages/{messageId} — a message with its status history. */
export const GET = apiRoute<{ messageId: string }>(({ ctx, params }) => getMessage({ ctx, input: { messageId: params.messageId } }));
