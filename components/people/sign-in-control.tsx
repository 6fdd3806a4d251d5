"use client";

import { useActionState } from "react";
import { setPersonSignInDisabled } from "@/lib/actions/people/sign-in";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import type { SignInStateDto } from "@/lib/auth/user-sign-in";

/**
 * An administrator's view of a person's sign-in on their page: "Sign-in disabled" with who and
 * when, and the button that disables or re-enables it. Not offered for the administrator's own
 * sign-in (they cannot disable themselves).
 */
export function SignInControl({ state, isSelf, timeZone }: { state: SignInStateDto; isSelf: boolean; timeZone: string }) {
  const [result, formAction] = useActionState(setPersonSignInDisabled, null);
  const current = result?.ok ? result.data : state;
  const when = current.disabledAt && new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(current.disabledAt));
  return (
    <div className="flex flex-col items-end gap-1">
      {current.disabled ? (
        <p className="text-sm font-medium text-red-700" role="status">
          Sign-in disabled{current.disabledBy ? ` by ${current.disabledBy}` : ""}
          {when ? ` on ${when}` : ""}
        </p>
      ) : null}
      {isSelf ? null : (
        <form action={formAction}>
          <input type="hidden" name="personId" value={current.personId} />
          <input type="hidden" name="disabled" value={current.disabled ? "false" : "true"} />
          <SubmitButton variant={current.disabled ? "secondary" : "danger"} pendingLabel="Saving…">
            {current.disabled ? "Enable sign-in" : "Disable sign-in"}
          </SubmitButton>
        </form>
      )}
      {result && !result.ok ? <Alert tone="error">{result.error}</Alert> : null}
    </div>
  );
}
