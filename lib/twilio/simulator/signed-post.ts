import { randomUUID } from "node:crypto";
import twilio from "twilio";

/** One form POST as Twilio makes it to a webhook. */
export type FormPost = { url: string; params: Record<string, string>; headers: Record<string, string> };

/**
 * Delivers a form POST and resolves to the HTTP status; rejects when nothing answered. The app
 * uses `fetchFormPoster`; tests pass one that captures or answers in-process.
 */
export type FormPoster = (post: FormPost) => Promise<number>;

/** Twilio gives a webhook 15 s in all. */
const WEBHOOK_TIMEOUT_MS = 15_000;

export const fetchFormPoster: FormPoster = async ({ url, params, headers }) => {
  const response = await fetch(url, {
    method: "POST",
    headers,
    body: new URLSearchParams(params),
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  await response.body?.cancel();
  return response.status;
};

/**
 * Posts `params` to `url` as Twilio does: form-encoded, `X-Twilio-Signature` made with the auth
 * token over the exact URL and parameters, and an `I-Twilio-Idempotency-Token` that a retry
 * repeats. A failed delivery (no answer, or 5xx) is retried once — Twilio's default is one
 * retry on a failed connection; retrying 5xx as well exercises the webhooks' idempotency.
 * Resolves to the last status, or null when nothing answered.
 */
export async function postSignedForm(
  poster: FormPoster,
  authToken: string,
  url: string,
  params: Record<string, string>,
): Promise<number | null> {
  const headers = {
    "Content-Type": "application/x-www-form-urlencoded",
    "User-Agent": "TwilioProxy/1.1",
    "X-Twilio-Signature": twilio.getExpectedTwilioSignature(authToken, url, params),
    "I-Twilio-Idempotency-Token": randomUUID(),
  };
  let status: number | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      status = await poster({ url, params, headers });
      if (status < 500) return status;
    } catch {
      status = null;
    }
  }
  return status;
}
