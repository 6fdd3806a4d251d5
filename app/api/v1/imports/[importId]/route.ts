import { apiRoute } from "@/lib/api/handler";
import { getImportResult } from "@/lib/imports/read-imports";

/** GET /api/v1/imports/{importId} — an import's status, counts and first row problems (administrators). */
export const GET = apiRoute<{ importId: string }>(({ ctx, params }) => getImportResult({ ctx, input: { importId: params.importId } }));
