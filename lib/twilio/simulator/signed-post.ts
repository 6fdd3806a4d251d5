import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
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

/**
 * Connections kept open to the app, at most this many at once per origin: a burst of callbacks
 * (a large send's, released together) queues here, as at Twilio, instead of opening a socket each.
 */
const MAX_SOCKETS = 32;
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
};

export const fetchFormPoster: FormPoster = ({ url, params, headers }) =>
  new Promise<number>((resolve, reject) => {
    const target = new URL(url);
    const agent = agents[target.protocol as keyof typeof agents];
    if (!agent) return reject(new Error(`not an http(s) URL: ${url}`));
    const body = new URLSearchParams(params).toString();
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      { method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on("end", () => {
          clearTimeout(timer);
          resolve(response.statusCode ?? 0);
        });
      },
    );
    const timer = setTimeout(() => request.destroy(new Error(`no answer from ${url} in ${WEBHOOK_TIMEOUT_MS} ms`)), WEBHOOK_TIMEOUT_MS);
    request.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end(body);
  });

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
