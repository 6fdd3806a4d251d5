import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/action";

/**
 * The outcome of a settings form's last submit: a status on success, an alert on failure. When
 * the failure is about fields, their messages sit beside them and the alert only points there.
 */
export function ActionMessage({ id, state, success }: { id: string; state: ActionResult<unknown> | null; success: string }) {
  if (!state) return null;
  return state.ok ? (
    <Alert tone="success" id={id}>
      {success}
    </Alert>
  ) : (
    <Alert tone="error" id={id}>
      {Object.keys(state.fieldErrors).length ? "Please correct the highlighted fields." : state.error}
    </Alert>
  );
}

/** The first error of `name` or of any of its items (`permittedRoleCodes[1]`). */
export function fieldError(state: ActionResult<unknown> | null, name: string): string | undefined {
  if (!state || state.ok) return undefined;
  const key = Object.keys(state.fieldErrors).find((k) => k === name || k.startsWith(`${name}[`) || k.startsWith(`${name}.`));
  return key ? state.fieldErrors[key] : undefined;
}
