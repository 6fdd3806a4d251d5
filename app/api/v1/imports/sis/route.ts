import { apiRoute, readQuery } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { readBodyText, UPLOAD_BODY_LIMIT } from "@/lib/http/read-body";
import { importSis } from "@/lib/imports/import-sis";
import { sisImportQuerySchema } from "@/lib/imports/sis-row";
import { parseInput } from "@/lib/parse-input";

/** POST /api/v1/imports/sis — the SIS person import (administrators); JSON or text/csv body of at most UPLOAD_BODY_LIMIT (100 MB; more → 413). */
export const POST = apiRoute(async ({ ctx, request }) => {
  // Refused before the body is read: no other key may make the server hold an upload.
  if (!ctx.actor.capabilities.admin) throw new AppError("FORBIDDEN", "Only administrators can import people.");
  const { fileName, importId } = parseInput(sisImportQuerySchema, readQuery(request));
  const type = request.headers.get("content-type") ?? "";
  const format = /\b(text|application)\/csv\b/i.test(type) ? "CSV" : /\bjson\b/i.test(type) ? "JSON" : null;
  if (!format) throw new AppError("VALIDATION", "Send Content-Type: application/json or text/csv.", { body: "Unsupported content type." });
  const text = await readBodyText(request, UPLOAD_BODY_LIMIT);
  return importSis({
    ctx,
    input: { fileName: fileName ?? (format === "CSV" ? "api.csv" : "api.json"), format, origin: "API", importId, open: () => [text] },
  });
});
