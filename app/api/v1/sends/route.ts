import { apiRoute, readQuery } from "@/lib/api/handler";
import { listSends } from "@/lib/messaging/send/sends";

/** GET /api/v1/sends — the caller's sends (administrators: everyone's in the institution), newest first, keyset-paged. */
export const GET = apiRoute(({ ctx, request }) => listSends({ ctx, input: readQuery(request) }));
