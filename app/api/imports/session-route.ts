import { z } from "zod";
import { getDb } from "@/db";
import { json } from "@/lib/api/handler";
import { getActor } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { fieldErrorsOf, validationError } from "@/lib/parse-input";
import type { ServiceContext } from "@/lib/service-context";

/**
 * JSON routes the Imports page calls with its session cookie (uploads and progress): signed
 * out → 401, then the handler (whose lib call checks the capability), errors as the REST API
 * answers them: `{ error: { code, message, fields? } }` with the code's status.
 */
export function sessionRoute<P extends Record<string, string>>(
  handler: (call: { ctx: ServiceContext; request: Request; params: P }) => Promise<unknown>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (request, route) => {
    try {
      const actor = await getActor();
      if (!actor) return json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, 401);
      return json(await handler({ ctx: { db: getDb(), actor, now: new Date() }, request, params: await route.params }));
    } catch (err) {
      const error = err instanceof z.ZodError ? validationError(fieldErrorsOf(err)) : err;
      if (isAppError(error)) {
        const fields = error.fieldErrors && Object.keys(error.fieldErrors).length ? { fields: error.fieldErrors } : {};
        return json({ error: { code: error.code, message: error.message, ...fields } }, error.status);
      }
      log.error("imports request failed", { path: new URL(request.url).pathname, err: describeError(err, true) });
      return json({ error: { code: "INTERNAL", message: "Something went wrong. Please try again." } }, 500);
    }
  };
}
