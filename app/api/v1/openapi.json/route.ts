import { API_OPERATIONS } from "@/lib/api/operations";
import { buildOpenApiDocument } from "@/lib/api/openapi";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document (public: it holds no data). */
export function GET() {
  return Response.json(buildOpenApiDocument(API_OPERATIONS));
}
