import "server-only";
import { timingSafeEqual } from "node:crypto";
import { getDb, type Db } from "@/db";
import { fileOutboxEmails, type OutboxEmail } from "@/db/queries/mail-outbox";
import { JSON_BODY_LIMIT, isBodyTooLarge, readBodyText } from "@/lib/http/read-body";
import { simulatedResendKey } from "./client";
import { MAX_BATCH_EMAILS } from "./send-email";

type ResendErrorName =
  | "missing_api_key"
  | "invalid_api_key"
  | "not_found"
  | "validation_error"
  | "missing_required_field"
  | "invalid_idempotent_request";

/** Resend's error answer: `{ statusCode, message, name }`. */
function resendError(statusCode: number, name: ResendErrorName, message: string): Response {
  return Response.json({ statusCode, message, name }, { status: statusCode });
}

/** "a@b.c" or "Name <a@b.c>". */
const ADDRESS = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_RECIPIENTS = 50;

type Body = {
  from?: unknown;
  to?: unknown;
  subject?: unknown;
  text?: unknown;
  html?: unknown;
  reply_to?: unknown;
  tags?: unknown;
};

function addressList(value: unknown): string[] | null {
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : null;
  return list && list.every((a) => typeof a === "string" && ADDRESS.test(a.trim())) ? list.map((a: string) => a.trim()) : null;
}

/** One email's fields checked as Resend checks them: the row to file, or Resend's error answer. */
function validateEmail(body: Body): OutboxEmail | Response {
  for (const field of ["from", "to", "subject"] as const) {
    if (body[field] === undefined || body[field] === null || body[field] === "") {
      return resendError(422, "missing_required_field", `Missing \`${field}\` field.`);
    }
  }
  const from = typeof body.from === "string" && ADDRESS.test(body.from.trim()) ? body.from.trim() : null;
  if (!from) return resendError(422, "validation_error", "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.");
  const to = addressList(body.to);
  if (!to || to.length === 0) return resendError(422, "validation_error", "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.");
  if (to.length > MAX_RECIPIENTS) return resendError(422, "validation_error", `Too many recipients: at most ${MAX_RECIPIENTS}.`);
  const replyTo = body.reply_to === undefined ? null : addressList(body.reply_to);
  if (replyTo === null && body.reply_to !== undefined) return resendError(422, "validation_error", "Invalid `reply_to` field.");
  if (typeof body.subject !== "string") return resendError(422, "validation_error", "Invalid `subject` field.");
  const textBody = typeof body.text === "string" ? body.text : null;
  const htmlBody = typeof body.html === "string" ? body.html : null;
  if (textBody === null && htmlBody === null) return resendError(422, "missing_required_field", "Missing `html` or `text` field.");
  const tags = Array.isArray(body.tags) ? (body.tags as { name?: unknown; value?: unknown }[]) : [];
  const institutionTag = tags.find((t) => t?.name === "institution_id")?.value;
  return {
    fromAddress: from,
    toAddresses: to,
    replyTo,
    subject: body.subject,
    textBody,
    htmlBody,
    institutionTag: typeof institutionTag === "string" && UUID.test(institutionTag) ? institutionTag : null,
    tags,
  };
}

/**
 * The local Resend stand-in (used when RESEND_API_KEY is absent), served at /api/dev/resend.
 * Accepts `POST /emails` and `POST /emails/batch` as Resend does — Bearer key, JSON body, the
 * same validation errors and `Idempotency-Key` semantics (same key → same ids, nothing stored
 * twice; same key with another payload → 409) — and files each email in `mail_outbox` under its
 * `institution_id` tag. A batch is validated strictly, Resend's default: one invalid email
 * refuses the whole batch, and nothing of it is stored.
 */
export async function handleFakeResendRequest(req: Request, db: Db = getDb()): Promise<Response> {
  const url = new URL(req.url);
  const isBatch = url.pathname.endsWith("/emails/batch");
  if (req.method.toUpperCase() !== "POST" || !(isBatch || url.pathname.endsWith("/emails"))) {
    return resendError(404, "not_found", "The requested endpoint does not exist.");
  }
  const auth = req.headers.get("authorization");
  if (!auth?.startsWith("Bearer ")) {
    return resendError(401, "missing_api_key", "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.");
  }
  if (!sameSecret(auth.slice("Bearer ".length), simulatedResendKey())) return resendError(403, "invalid_api_key", "API key is invalid");

  let body: unknown;
  try {
    body = JSON.parse(await readBodyText(req, JSON_BODY_LIMIT));
  } catch (err) {
    if (isBodyTooLarge(err)) return resendError(413, "validation_error", err.message);
    return resendError(422, "validation_error", "The request body is not valid JSON.");
  }
  const idempotencyKey = req.headers.get("idempotency-key");
  if (!isBatch) {
    const row = validateEmail((body ?? {}) as Body);
    if (row instanceof Response) return row;
    const [id] = await fileOutboxEmails(db, [row], idempotencyKey === null ? null : [idempotencyKey]);
    return id === null ? resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.") : Response.json({ id });
  }

  if ((req.headers.get("x-batch-validation") ?? "strict") !== "strict") {
    return resendError(422, "validation_error", "The local stand-in validates batches strictly only.");
  }
  if (!Array.isArray(body) || body.length === 0 || body.length > MAX_BATCH_EMAILS) {
    return resendError(422, "validation_error", `A batch holds 1 to ${MAX_BATCH_EMAILS} emails.`);
  }
  const rows: OutboxEmail[] = [];
  for (const [index, email] of body.entries()) {
    const row = validateEmail((email ?? {}) as Body);
    if (row instanceof Response) {
      const { message, name, statusCode } = (await row.json()) as { message: string; name: ResendErrorName; statusCode: number };
      return resendError(statusCode, name, `emails[${index}]: ${message}`);
    }
    rows.push(row);
  }
  // Each email of a keyed batch is filed under `batch:<key>#<index>`: the batch's key and place.
  const keys = idempotencyKey === null ? null : rows.map((_, i) => `batch:${idempotencyKey}#${i}`);
  const ids = await fileOutboxEmails(db, rows, keys);
  if (ids.some((id) => id === null)) return resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
  return Response.json({ data: ids.map((id) => ({ id })) });
}

/** Constant-time comparison of a presented key with the install's. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
