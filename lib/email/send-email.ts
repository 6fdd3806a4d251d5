import type { Resend } from "resend";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getResendClient } from "./client";

export type EmailInput = {
  /** Sent as the `institution_id` tag; the local outbox files the mail under it. */
  institutionId: string;
  /** Display name on the platform's From address, e.g. the staff member who texted (SPEC §4.6); MAIL_FROM as is when absent. */
  fromName?: string;
  to: string | string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  /** Resend's `Idempotency-Key`: a retry with the same key sends nothing twice (kept 24 h). */
  idempotencyKey?: string;
};

/** Resend refused or could not be reached. `retryable` when trying again later may succeed. */
export class EmailProviderError extends AppError {
  constructor(
    message: string,
    readonly providerStatus: number | null,
    readonly providerCode: string,
    readonly retryable: boolean,
  ) {
    super("PROVIDER_ERROR", message);
    this.name = "EmailProviderError";
  }
}

/** Resend's error names for a request that may succeed if sent again. */
const RETRYABLE_NAMES = new Set(["rate_limit_exceeded", "concurrent_idempotent_requests", "application_error", "internal_server_error"]);

/**
 * Sends one email through Resend (or the local stand-in): from the platform's address with
 * `fromName` as display name, reply-to the sender (SPEC §4.6). Returns Resend's id; throws
 * EmailProviderError (an AppError PROVIDER_ERROR) when the email was not accepted.
 */
export async function sendEmail(input: EmailInput, client: Resend = getResendClient()): Promise<{ id: string }> {
  const { data, error } = await client.emails.send(
    {
      from: platformFrom(input.fromName ?? "", getEnv().MAIL_FROM),
      to: input.to,
      replyTo: input.replyTo,
      subject: input.subject,
      text: input.text,
      html: input.html,
      tags: [{ name: "institution_id", value: input.institutionId }],
    },
    input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined,
  );
  if (error || !data) {
    const status = error?.statusCode ?? null;
    const name = error?.name ?? "application_error";
    const retryable = status === null || status === 429 || status >= 500 || RETRYABLE_NAMES.has(name);
    throw new EmailProviderError(`Email not accepted: ${error?.message ?? "no answer"}`, status, name, retryable);
  }
  return { id: data.id };
}

/**
 * The platform's address (from MAIL_FROM, "Name <address>" or a bare address) with `name` as
 * display name, quoted when it holds characters that would break the header.
 */
export function platformFrom(name: string, mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  const display = name.replace(/[\r\n]+/g, " ").trim();
  if (!display) return mailFrom;
  if (/^[\p{L}\p{N} .'-]+$/u.test(display)) return `${display} <${address}>`;
  return `"${display.replace(/(["\\])/g, "\\$1")}" <${address}>`;
}
