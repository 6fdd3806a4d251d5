import "server-only";
import type { Resend } from "resend";
import pThrottle from "p-throttle";
import { getEnv, resendRequestsPerSecond } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getResendClient } from "./client";

/** Resend takes at most this many emails in one batch request. */
export const MAX_BATCH_EMAILS = 100;

/**
 * How long a request to Resend may take. The SDK sets no limit of its own, and a request left
 * hanging would hold its worker forever; this one ends with a retryable error well before
 * another worker would take over the claim (DISPATCH.staleClaimMs).
 */
export const RESEND_TIMEOUT_MS = 15_000;

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

/** Resend's answer to a request it did not accept, as an EmailProviderError. */
function providerError(error: { statusCode: number | null; name: string; message: string } | null): EmailProviderError {
  const status = error?.statusCode ?? null;
  const name = error?.name ?? "application_error";
  const retryable = status === null || status === 429 || status >= 500 || RETRYABLE_NAMES.has(name);
  return new EmailProviderError(`Email not accepted: ${error?.message ?? "no answer"}`, status, name, retryable);
}

/**
 * Runs a request with an abort signal that fires after `ms`. The SDK answers a request it
 * could not complete with an error of no status; one cut off by the signal becomes a
 * retryable EmailProviderError that says so.
 */
async function withTimeout<T extends { error: unknown }>(ms: number, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(ms);
  const timedOut = () => new EmailProviderError(`Email not accepted: no answer within ${ms} ms`, null, "timeout", true);
  let result: T;
  try {
    result = await request(signal);
  } catch (err) {
    throw signal.aborted ? timedOut() : err;
  }
  if (result.error && signal.aborted) throw timedOut();
  return result;
}

/** The SDK's options for one email: from the platform's address, tagged with the institution. */
function createOptions(input: EmailInput) {
  return {
    from: platformFrom(input.fromName ?? "", getEnv().MAIL_FROM),
    to: input.to,
    replyTo: input.replyTo,
    subject: input.subject,
    text: input.text,
    html: input.html,
    tags: [{ name: "institution_id", value: input.institutionId }],
  };
}

let gate: { perSecond: number; pass: () => Promise<void> } | undefined;

/**
 * Waits for this process's turn to call Resend: at most RESEND_REQUESTS_PER_SECOND requests in
 * any second (p-throttle, strict sliding window), so a burst of emails is spread out instead of
 * answered 429 by Resend. A batch of up to 100 emails is one request.
 */
export function resendTurn(): Promise<void> {
  const perSecond = resendRequestsPerSecond();
  if (perSecond <= 0) return Promise.resolve();
  if (gate?.perSecond !== perSecond) {
    // A fractional limit (0.5 = one request every 2 s) becomes one request per interval.
    const pass = perSecond >= 1
      ? pThrottle({ limit: Math.floor(perSecond), interval: 1000, strict: true })(async () => {})
      : pThrottle({ limit: 1, interval: Math.round(1000 / perSecond), strict: true })(async () => {});
    gate = { perSecond, pass };
    return pass();
  }
  return gate.pass();
}

/**
 * Sends one email through Resend (or the local stand-in): from the platform's address with
 * `fromName` as display name, reply-to the sender (SPEC §4.6). Returns Resend's id; throws
 * EmailProviderError (an AppError PROVIDER_ERROR) when the email was not accepted.
 */
export async function sendEmail(input: EmailInput, client: Resend = getResendClient(), timeoutMs = RESEND_TIMEOUT_MS): Promise<{ id: string }> {
  await resendTurn();
  const { data, error } = await withTimeout(timeoutMs, (signal) =>
    client.emails.send(createOptions(input), { signal, ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}) }),
  );
  if (error || !data) throw providerError(error);
  return { id: data.id };
}

/**
 * Sends up to 100 emails in one request (Resend's `POST /emails/batch`), validated strictly:
 * either all are accepted — their ids in the order given — or none is, and EmailProviderError
 * says why (a 422 names the first invalid email). `idempotencyKey` covers the whole batch: the
 * same emails under the same key are sent once, whatever the number of tries (kept 24 h).
 */
export async function sendEmailBatch(
  inputs: readonly EmailInput[],
  idempotencyKey: string,
  client: Resend = getResendClient(),
  timeoutMs = RESEND_TIMEOUT_MS,
): Promise<string[]> {
  if (inputs.length === 0 || inputs.length > MAX_BATCH_EMAILS) throw new AppError("VALIDATION", `A batch holds 1 to ${MAX_BATCH_EMAILS} emails.`);
  await resendTurn();
  const { data, error } = await withTimeout(timeoutMs, (signal) =>
    client.batch.send(inputs.map(createOptions), { signal, idempotencyKey, batchValidation: "strict" }),
  );
  if (error || !data) throw providerError(error);
  if (data.data.length !== inputs.length) {
    throw new EmailProviderError(`Email batch answered ${data.data.length} ids for ${inputs.length} emails`, null, "application_error", true);
  }
  return data.data.map((d) => d.id);
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
