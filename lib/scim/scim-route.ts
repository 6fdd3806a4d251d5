import "server-only";
import { getDb } from "@/db";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { readBodyText } from "@/lib/http/read-body";
import { describeError, log } from "@/lib/log";
import { isScimError, ScimError, scimErrorResponse, scimResponse } from "./scim-error";
import { authenticateScimToken } from "./scim-token";
import { isObject } from "./scim-user";
import type { ScimContext } from "./scim-users";

/*
 * /scim/v2 glue (issue 19.4): the institution's bearer token → a context acting as its
 * directory → the route's handler (which calls lib/scim) → SCIM JSON. Not the REST API's
 * wrapper (lib/api/handler.ts): SCIM has its own error schema and media type, and its caller is
 * a directory, not a user with an API key.
 */

/** A directory's user bodies are a few kB; a megabyte is more than any real one. */
export const SCIM_BODY_LIMIT = 256 * 1024;

export type ScimCall<P> = { ctx: ScimContext; request: Request; params: P };

/** The SCIM base URL of this install: PUBLIC_BASE_URL + /scim/v2 (what administrators give their directory). */
export function scimBaseUrl(): string {
  return `${getEnv().PUBLIC_BASE_URL.replace(/\/+$/, "")}/scim/v2`;
}

function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1] : null;
}

/** The request body as a JSON object, at most SCIM_BODY_LIMIT; anything else is a 400 invalidSyntax. */
export async function readScimBody(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request, SCIM_BODY_LIMIT);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ScimError(400, "The request body is not valid JSON.", "invalidSyntax");
  }
  if (!isObject(body)) throw new ScimError(400, "The request body must be a JSON object.", "invalidSyntax");
  return body;
}

const UNAUTHENTICATED = new ScimError(401, "Send the institution's SCIM token: Authorization: Bearer <token>. It may have been rotated or revoked.");

/**
 * Wraps a /scim/v2 route handler: authenticates the bearer token (missing, unknown or revoked →
 * 401, or 429 once the client has been refused too often: lib/scim/scim-token.ts), runs the
 * handler as the token's institution, and answers SCIM: ScimError → its status, scimType and
 * detail; a body over the limit → 413; anything else → logged (never the token or the body),
 * 500. A handler returns data for 200 or a Response.
 */
export function scimRoute<P extends Record<string, string> = Record<string, never>>(
  handler: (call: ScimCall<P>) => Promise<unknown>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    const now = new Date();
    const path = new URL(request.url).pathname;
    try {
      const db = getDb();
      const auth = await authenticateScimToken(db, bearerToken(request), clientIpFrom(request.headers), now);
      if (!auth.ok) {
        log.warn("scim request refused", { method: request.method, path, status: auth.status });
        if (auth.status === 429) {
          const err = new ScimError(429, `Too many requests with a bad SCIM token. Try again in ${auth.retryAfterSeconds} s.`);
          return scimErrorResponse(err, { "Retry-After": String(auth.retryAfterSeconds) });
        }
        return scimErrorResponse(UNAUTHENTICATED, { "WWW-Authenticate": 'Bearer realm="scim"' });
      }
      const ctx: ScimContext = {
        db,
        actor: { kind: "system", source: "scim", institutionId: auth.institutionId },
        now,
        baseUrl: scimBaseUrl(),
      };
      const result = await handler({ ctx, request, params: await route.params });
      return result instanceof Response ? result : scimResponse(result);
    } catch (err) {
      if (isScimError(err)) return scimErrorResponse(err);
      if (isAppError(err) && err.code === "PAYLOAD_TOO_LARGE") return scimErrorResponse(new ScimError(413, err.message));
      log.error("scim request failed", { method: request.method, path, err: describeError(err, true) });
      return scimErrorResponse(new ScimError(500, "Something went wrong. Please try again."));
    }
  };
}
