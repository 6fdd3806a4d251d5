import { AppError } from "@/lib/errors";
import { importSis } from "@/lib/imports/import-sis";
import { isBodyTooLarge, readBodyFormData, UPLOAD_BODY_LIMIT } from "@/lib/http/read-body";
import { uploadProspects } from "@/lib/imports/upload-prospects";
import { validationError } from "@/lib/parse-input";
import { sessionRoute } from "@/lib/api/session-route";

/**
 * POST /api/imports — the Imports page's upload (multipart: kind SIS|PROSPECT, importId chosen
 * by the page so it can poll /api/imports/{importId} meanwhile, file). Answers the result.
 */
export const POST = sessionRoute(async ({ ctx, request }) => {
  // Refused before the body is read: no one else may make the server hold an upload.
  if (!ctx.actor.capabilities.admin) throw new AppError("FORBIDDEN", "Only administrators can import people.");
  // Counted while it streams (chunked uploads too): past 100 MB + the envelope, 413 and nothing kept.
  const form = await readBodyFormData(request, UPLOAD_BODY_LIMIT).catch((err: unknown) => {
    if (isBodyTooLarge(err)) throw new AppError("PAYLOAD_TOO_LARGE", "The file is larger than 100 MB; split it.", { file: "Larger than 100 MB." });
    throw validationError({ file: "Send the file as multipart/form-data." });
  });
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) throw validationError({ file: "Choose a file." });
  const importId = form.get("importId");
  const bytes = Buffer.from(await file.arrayBuffer());
  const input = { fileName: file.name, origin: "WEB" as const, importId: typeof importId === "string" && importId ? importId : undefined, open: () => [bytes] };
  return form.get("kind") === "PROSPECT" ? uploadProspects({ ctx, input }) : importSis({ ctx, input });
});
