import { getImport } from "@/lib/imports/read-imports";
import { sessionRoute } from "@/lib/api/session-route";

/** GET /api/imports/{importId} — an import's progress and counts, polled by the Imports page. */
export const GET = sessionRoute<{ importId: string }>(({ ctx, params }) => getImport({ ctx, input: { importId: params.importId } }));
