import twilio from "twilio";
import type { z } from "zod";
import { isBodyTooLarge, readBodyText, WEBHOOK_BODY_LIMIT } from "@/lib/http/read-body";

/**
 * The shared steps of Twilio's webhooks (STYLE rule 7, SPEC §5): read the form, check
 * `X-Twilio-Signature` against the configured public URL, validate, answer with empty TwiML.
 */

/** A Twilio form is at most a few kB (Body ≤ 1,600 characters); anything far larger is not Twilio. */
export const MAX_FORM_BYTES = WEBHOOK_BODY_LIMIT;

export type TwilioForm = Record<string, string>;

/**
 * The URL Twilio signed: the configured public origin (and any path prefix) plus the path and
 * query the request arrived with. Never the request's own origin — behind a proxy or under
 * `next start` it is the internal address (`http://localhost:PORT`), not what Twilio called.
 */
export function signedUrl(publicBaseUrl: string, requestUrl: string): string {
  const { pathname, search } = new URL(requestUrl);
  return `${publicBaseUrl.replace(/\/+$/, "")}${pathname}${search}`;
}

/**
 * Whether `signature` is Twilio's HMAC of `url` and every posted parameter under `authToken`.
 * A missing or empty signature is never valid.
 */
export function isValidTwilioSignature(authToken: string, signature: string | null, url: string, form: TwilioForm): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, form);
}

/**
 * The posted form as name → value (the SDK and Twilio encode with `%20` or `+`; URLSearchParams
 * reads both). Null when the body is larger than a Twilio form can be.
 */
export async function readTwilioForm(req: Request): Promise<TwilioForm | null> {
  try {
    // Counted while it streams: a chunked body is cut at the limit, never held whole.
    return Object.fromEntries(new URLSearchParams(await readBodyText(req, MAX_FORM_BYTES)));
  } catch (err) {
    if (isBodyTooLarge(err)) return null;
    throw err;
  }
}

/**
 * The first two steps of every Twilio webhook: read the form, then check its signature against
 * the configured public URL. A refusal comes with the answer to give (413, or 403 for a
 * missing or wrong signature, with the unverified form so the route can count the refusal
 * against the number it names) — before anything is parsed or written.
 */
export async function verifyTwilioWebhook(
  req: Request,
  config: { authToken: string; publicBaseUrl: string },
): Promise<{ ok: true; form: TwilioForm } | { ok: false; response: Response; refusedForm?: TwilioForm }> {
  const form = await readTwilioForm(req);
  if (!form) return { ok: false, response: plainText(413, "Request too large") };
  const url = signedUrl(config.publicBaseUrl, req.url);
  if (!isValidTwilioSignature(config.authToken, req.headers.get("x-twilio-signature"), url, form)) {
    return { ok: false, response: plainText(403, "Twilio Request Validation Failed."), refusedForm: form };
  }
  return { ok: true, form };
}

/** Parses a verified form; on failure, the names of the offending parameters (never their values). */
export function parseTwilioForm<T extends z.ZodType>(
  schema: T,
  form: TwilioForm,
): { ok: true; data: z.infer<T> } | { ok: false; fields: string[] } {
  const parsed = schema.safeParse(form);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, fields: [...new Set(parsed.error.issues.map((i) => i.path.join(".") || "form"))] };
}

/**
 * A small fixed answer, marked `no-transform` so that `next start` sends it as it is instead of
 * streaming it through gzip (it compresses every route answer of unknown length, and drops the
 * Content-Length a handler sets): a cost every webhook would pay for a few bytes.
 */
function smallResponse(body: string, status: number, contentType: string): Response {
  return new Response(body, { status, headers: { "Content-Type": contentType, "Cache-Control": "no-transform" } });
}

/** Twilio's "received, nothing to say": empty TwiML with an XML type (no type → 12300, empty body → 11200). */
export function emptyTwiml(): Response {
  return smallResponse("<Response></Response>", 200, "text/xml");
}

export function plainText(status: 400 | 403 | 413 | 500, text: string): Response {
  return smallResponse(text, status, "text/plain; charset=utf-8");
}
