import { eq } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { institutions, mailOutbox } from "@/db/schema";
import { SIMULATED_RESEND_KEY } from "./client";

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

/**
 * The local Resend stand-in (used when RESEND_API_KEY is absent), served at /api/dev/resend.
 * Accepts `POST /emails` as Resend does — Bearer key, JSON body, the same validation errors and
 * `Idempotency-Key` semantics (same key → same id, nothing stored twice; same key with another
 * payload → 409) — and files each email in `mail_outbox` under its `institution_id` tag.
 */
export async function handleFakeResendRequest(req: Request, db: Db = getDb()): Promise<Response> {
  const url = new URL(req.url);
  if (req.method.toUpperCase() !== "POST" || !url.pathname.endsWith("/emails")) {
    return resendError(404, "not_found", "The requested endpoint does not exist.");
  }
  const auth = req.headers.get("authorization");
  if (!auth?.startsWith("Bearer ")) {
    return resendError(401, "missing_api_key", "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.");
  }
  if (auth.slice("Bearer ".length) !== SIMULATED_RESEND_KEY) return resendError(403, "invalid_api_key", "API key is invalid");

  let body: Body;
  try {
    body = (await req.json()) as Body;
  } catch {
    return resendError(422, "validation_error", "The request body is not valid JSON.");
  }
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
  const text = typeof body.text === "string" ? body.text : null;
  const html = typeof body.html === "string" ? body.html : null;
  if (text === null && html === null) return resendError(422, "missing_required_field", "Missing `html` or `text` field.");

  const tags = Array.isArray(body.tags) ? (body.tags as { name?: unknown; value?: unknown }[]) : [];
  const institutionTag = tags.find((t) => t?.name === "institution_id")?.value;
  const institutionId = typeof institutionTag === "string" && UUID.test(institutionTag) ? await existingInstitution(db, institutionTag) : null;
  const idempotencyKey = req.headers.get("idempotency-key");

  const row = { fromAddress: from, toAddresses: to, replyTo, subject: body.subject, textBody: text, htmlBody: html };
  const [inserted] = await db
    .insert(mailOutbox)
    .values({ ...row, institutionId, tags: tags.length ? tags : null, idempotencyKey })
    .onConflictDoNothing({ target: mailOutbox.idempotencyKey })
    .returning({ id: mailOutbox.providerId });
  if (inserted) return Response.json({ id: inserted.id });

  // The key was used before: the same request gets the same id, another request a 409.
  const [earlier] = await db.select().from(mailOutbox).where(eq(mailOutbox.idempotencyKey, idempotencyKey!));
  const same =
    earlier.subject === row.subject &&
    earlier.textBody === row.textBody &&
    earlier.htmlBody === row.htmlBody &&
    earlier.toAddresses.join(",") === to.join(",");
  if (!same) return resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
  return Response.json({ id: earlier.providerId });
}

async function existingInstitution(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, id));
  return row?.id ?? null;
}
