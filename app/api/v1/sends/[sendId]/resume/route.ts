import { apiRoute } from "@/lib/api/handler";
import { resumeSend } from "@/lib/messaging/send/sends";

/** POST /api/v1/sends/{sendId}/resume — resumes a send paused for carrier filtering; 409 when it is not paused. */
export const POST = apiRoute<{ sendId: string }>(({ ctx, params }) => resumeSend({ ctx, input: { sendId: params.sendId } }));
