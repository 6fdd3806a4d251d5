import { AppError } from "@/lib/errors";

/**
 * Request bodies read with a byte counter (issue 13, "abuse resistance"): `req.text()`,
 * `req.json()` and `req.formData()` buffer whatever arrives, so a chunked body (no
 * Content-Length) of any size would be held in memory before a route could look at its length.
 * Here a declared Content-Length above the limit is refused before reading, and a streamed body
 * is cancelled as soon as its count passes the limit: at most `limit` bytes (plus one chunk) are
 * ever held.
 */

/** Twilio's forms are a few kB (Body ≤ 1,600 characters): anything larger is not Twilio. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;
/** The REST API's JSON bodies (a message to 1,000 recipients is ≈ 40 kB). */
export const JSON_BODY_LIMIT = 1024 * 1024;
/**
 * A send's body (`POST /api/v1/messages`): 50,000 recipient ids (SPEC §9) are ≈ 2 MB of JSON,
 * plus the message. next.config.ts gives server actions (the composer's Send) the same 3 MB.
 */
export const SEND_BODY_LIMIT = 3 * 1024 * 1024;
/**
 * SIS and prospect files (lib/imports): 100 MB of CSV or JSON, plus 64 kB for the multipart
 * envelope of the web upload. next.config.ts sizes the proxy's buffer to this.
 */
export const UPLOAD_BODY_LIMIT = 100 * 1024 * 1024 + 64 * 1024;

/** Thrown when a body passes its limit: an AppError (PAYLOAD_TOO_LARGE → 413) that route glue answers as it is. */
export class BodyTooLargeError extends AppError {
  constructor(readonly limit: number) {
    super("PAYLOAD_TOO_LARGE", `The request body is larger than ${formatBytes(limit)}.`, { body: `Larger than ${formatBytes(limit)}.` });
  }
}

export function isBodyTooLarge(err: unknown): err is BodyTooLargeError {
  return err instanceof BodyTooLargeError;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round(n / (1024 * 1024))} MB`;
  return `${Math.round(n / 1024)} kB`;
}

/**
 * The body's bytes, at most `limit` of them; BodyTooLargeError (before anything is read when
 * Content-Length says so, else as soon as the stream passes the limit, cancelling it).
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await req.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(limit);
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The body as UTF-8 text, at most `limit` bytes (see readBodyBytes). */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}

/**
 * The body parsed as multipart/form-data, at most `limit` bytes: the bytes are counted first,
 * then handed to the platform's parser (a Response around the same bytes and content type).
 */
export async function readBodyFormData(req: Request, limit: number): Promise<FormData> {
  const bytes = await readBodyBytes(req, limit);
  const type = req.headers.get("content-type") ?? "";
  return new Response(bytes as BodyInit, { headers: { "content-type": type } }).formData();
}
