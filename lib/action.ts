import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { getDb, type Db } from "@/db";
import type { Actor } from "@/lib/auth/capabilities";
import { requireActor } from "@/lib/auth/current-actor";
import { can, type Action } from "@/lib/auth/policy";
import { isAppError } from "@/lib/errors";
import { describeError, log } from "@/lib/log";
import { fieldErrorsOf } from "@/lib/parse-input";

/*
 * Like lib/auth/current-actor.ts, this is framework glue and may import next/*: it turns
 * Next's server-action call into a plain `lib` call and back. Every server action is one
 * `action(...)` in lib/actions/<domain>/ ("use server" modules, glue like this file), so pages
 * and components import them without components depending on app/.
 */

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors: Record<string, string> };

export type ActionContext = { db: Db; actor: Actor; now: Date };

type ActionOptions = {
  /** The policy action the actor must be allowed (lib/auth/policy.ts); otherwise the action answers "not allowed". */
  permission?: Action;
  /** Paths to revalidate after a successful run. */
  revalidate?: string | readonly string[];
};

/** Callable as `<form action>` (input only) and through `useActionState` (previous result, input). */
export type ServerAction<I, T> = {
  (input: I | FormData): Promise<ActionResult<T>>;
  (previous: ActionResult<T> | null, input: I | FormData): Promise<ActionResult<T>>;
};

const GENERIC_ERROR = "Something went wrong. Please try again.";

/**
 * FormData as a plain object for zod: repeated names (and names ending in `[]`) become arrays,
 * Next's own `$ACTION_…` fields are dropped. Values stay strings; schemas coerce.
 */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of form.entries()) {
    if (rawKey.startsWith("$ACTION")) continue;
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    const prior = out[key];
    if (prior === undefined) out[key] = rawKey.endsWith("[]") ? [value] : value;
    else out[key] = Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  return out;
}

/**
 * The one server-action wrapper (STYLE rule 6): signed-in actor (else redirect to sign-in) with
 * the policy's permission → zod parse (FormData coerced) → `fn({ ctx, input })` → revalidate →
 * `{ ok: true, data }`. An AppError becomes its message and field errors; anything else is
 * logged and becomes a generic message. Next's redirect/notFound/forbidden pass through.
 */
export function action<S extends z.ZodType, T>(
  schema: S,
  options: ActionOptions,
  fn: (args: { ctx: ActionContext; input: z.output<S> }) => Promise<T>,
): ServerAction<z.input<S>, T> {
  const paths = options.revalidate === undefined ? [] : ([] as string[]).concat(options.revalidate);

  async function run(...args: unknown[]): Promise<ActionResult<T>> {
    const raw = args.length >= 2 ? args[1] : args[0];
    const actor = await requireActor();
    if (options.permission && !can(actor, options.permission)) {
      return { ok: false, error: "You don't have permission to do that.", fieldErrors: {} };
    }
    const parsed = schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
    if (!parsed.success) {
      return { ok: false, error: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
    }
    try {
      const data = await fn({ ctx: { db: getDb(), actor, now: new Date() }, input: parsed.data });
      for (const path of paths) revalidatePath(path);
      return { ok: true, data };
    } catch (err) {
      unstable_rethrow(err);
      if (isAppError(err)) return { ok: false, error: err.message, fieldErrors: err.fieldErrors ?? {} };
      log.error("server action failed", { action: fn.name || "anonymous", userId: actor.userId, err: describeError(err, true) });
      return { ok: false, error: GENERIC_ERROR, fieldErrors: {} };
    }
  }
  return run as ServerAction<z.input<S>, T>;
}
