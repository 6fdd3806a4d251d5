import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import { json } from "@/lib/api/handler";
import { getActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { fieldErrorsOf, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";

export type SessionCall<P> = { ctx: ServiceContext; request: Request; params: P };

/**
 * Route handlers the app's own pages call with the session cookie (imports, polled versions,
 * CSV exports): signed out → 401, then the handler (whose lib call asks the policy); plain data
 * answers as JSON (no-store), a Response (a CSV stream) as it is. Errors answer as the REST API
 * does, `{ error: { code, message, fields? } }` with the code's status; anything unexpected is
 * logged by code and answers 500, never rethrown for Next to print with a query's parameters.
 */
export function sessionRoute<P extends Record<string, string> = Record<string, never>>(
  handler: (call: SessionCall<P>) => Promise<unknown>,
): (request: Request, route?: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    let userId: string | undefined;
    try {
      const actor = await getActor();
      if (!actor) return json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, 401);
      userId = actor.userId;
      const params = route ? await route.params : ({} as P);
      const result = await handler({ ctx: { db: getDb(), actor, now: new Date() }, request, params });
      return result instanceof Response ? result : json(result);
    } catch (err) {
      const error = err instanceof z.ZodError ? validationError(fieldErrorsOf(err)) : err;
      if (isAppError(error)) {
        const fields = error.fieldErrors && Object.keys(error.fieldErrors).length ? { fields: error.fieldErrors } : {};
        return json({ error: { code: error.code, message: error.message, ...fields } }, error.status);
      }
      log.error("session request failed", { method: request.method, path: new URL(request.url).pathname, userId, err: describeError(err, true) });
      return json({ error: { code: "INTERNAL", message: "Something went wrong. Please try again." } }, 500);
    }
  };
}
