import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import { checkApiRate } from "@/lib/api/rate-limit";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { JSON_BODY_LIMIT, readBodyText } from "@/lib/http/read-body";
import { getEnv } from "@/lib/env";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { fieldErrorsOf, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";

/*
 * REST API v1 glue: Bearer key → actor → the route's handler (which calls lib) → JSON.
 * Errors answer `{ "error": { "code", "message", "fields"? } }` with the code's HTTP status.
 */

export type ApiCall<P> = { ctx: ServiceContext; request: Request; params: P };

/** A JSON answer; handlers return plain data for 200 and use this for other statuses. */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

function errorResponse(code: ErrorCode, status: number, message: string, fields?: Record<string, string>): Response {
  const headers: Record<string, string> = code === "UNAUTHENTICATED" ? { "WWW-Authenticate": 'Bearer realm="api"' } : {};
  return json({ error: { code, message, ...(fields && Object.keys(fields).length ? { fields } : {}) } }, status, headers);
}

function bearerKey(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1] : null;
}

/**
 * The request body as a JSON object; anything else is a VALIDATION error on `body`. At most
 * `limit` (JSON_BODY_LIMIT, 1 MB, unless the route says otherwise) is read, counted while it streams: more is PAYLOAD_TOO_LARGE (413).
 */
export async function readJsonBody(request: Request, limit: number = JSON_BODY_LIMIT): Promise<Record<string, unknown>> {
  const text = await readBodyText(request, limit);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw validationError({ body: "The request body is not valid JSON." });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw validationError({ body: "The request body must be a JSON object." });
  }
  return body as Record<string, unknown>;
}

/** Query parameters as a plain object (the last value of a repeated name wins). */
export function readQuery(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/**
 * Wraps a route handler: authenticates `Authorization: Bearer <key>` (missing, unknown, expired
 * or revoked, or its user cut off → 401), counts the request against the key's per-minute limit
 * (over it → 429 with Retry-After, before the handler runs, so nothing is stored), builds `{ db, actor, now }`, runs the handler and turns errors into JSON:
 * AppError → its status, zod errors → 400 naming the first field, anything else → logged, 500.
 */
export function apiRoute<P extends Record<string, string> = Record<string, never>>(
  handler: (call: ApiCall<P>) => Promise<unknown>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    const now = new Date();
    try {
      const key = bearerKey(request);
      if (!key) return errorResponse("UNAUTHENTICATED", 401, "Send an API key: Authorization: Bearer <key>.");
      const db = getDb();
      const authenticated = await authenticateApiKey(db, key, now);
      if (!authenticated) return errorResponse("UNAUTHENTICATED", 401, "The API key is not valid, has expired or has been revoked.");
      const { actor, keyId } = authenticated;
      const rate = await checkApiRate(db, { apiKeyId: keyId, now, policy: { limit: getEnv().API_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 } });
      if (!rate.allowed) {
        return json(
          { error: { code: "RATE_LIMITED", message: `Too many requests with this API key. Try again in ${rate.retryAfterSeconds} s.` } },
          429,
          { "Retry-After": String(rate.retryAfterSeconds) },
        );
      }
      const result = await handler({ ctx: { db, actor, now }, request, params: await route.params });
      return result instanceof Response ? result : json(result);
    } catch (err) {
      const error = err instanceof z.ZodError ? validationError(fieldErrorsOf(err)) : err;
      if (isAppError(error)) return errorResponse(error.code, error.status, error.message, error.fieldErrors);
      log.error("api request failed", { method: request.method, path: new URL(request.url).pathname, err: describeError(err, true) });
      return errorResponse("INTERNAL", 500, "Something went wrong. Please try again.");
    }
  };
}
