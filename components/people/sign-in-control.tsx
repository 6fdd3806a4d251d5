"use client";

import { useActionState, useEffect, useState } from "react";
import { setPersonSignInDisabled } from "@/lib/actions/people/sign-in";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { SignInStateDto } from "@/lib/auth/user-sign-in";

/**
 * An administrator's view of a person's sign-in on their page: "Sign-in disabled" with who and
 * when, and the button that disables or re-enables it. Disabling cuts the person off at once, so
 * it asks first and says what it does; re-enabling does not. Not offered for the administrator's
 * own sign-in (they cannot disable themselves).
 */
export function SignInControl({ state, isSelf, timeZone }: { state: SignInStateDto; isSelf: boolean; timeZone: string }) {
  const [result, formAction] = useActionState(setPersonSignInDisabled, null);
  const [confirming, setConfirming] = useState(false);
  // The dialog closes once the action has answered, so its button shows the pending state meanwhile.
  useEffect(() => setConfirming(false), [result]);
  const current = result?.ok ? result.data : state;
  const when = current.disabledAt && new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(current.disabledAt));
  const form = (submit: React.ReactNode) => (
    <form action={formAction}>
      <input type="hidden" name="personId" value={current.personId} />
      <input type="hidden" name="disabled" value={current.disabled ? "false" : "true"} />
      {submit}
    </form>
  );
  return (
    <div className="flex flex-col items-end gap-1">
      {current.disabled ? (
        <p className="text-sm font-medium text-red-700" role="status">
          Sign-in disabled{current.disabledBy ? ` by ${current.disabledBy}` : ""}
          {when ? ` on ${when}` : ""}
        </p>
      ) : null}
      {isSelf ? null : current.disabled ? (
        form(
          <SubmitButton variant="secondary" pendingLabel="Saving…">
            Enable sign-in
          </SubmitButton>,
        )
      ) : (
        <Button variant="secondary" className="text-red-700" onClick={() => setConfirming(true)}>
          Disable sign-in
        </Button>
      )}
      {confirming ? (
        <ModalDialog title="Disable this person's sign-in?" role="alertdialog" onClose={() => setConfirming(false)}>
          <p className="text-sm">
            They are signed out everywhere at once, and their API keys stop working, until an administrator enables sign-in
            again. Their messages, conversations and system number stay as they are.
          </p>
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
              Cancel
            </Button>
            {form(
              <SubmitButton variant="danger" pendingLabel="Disabling…">
                Disable sign-in
              </SubmitButton>,
            )}
          </div>
        </ModalDialog>
      ) : null}
      {result && !result.ok ? <Alert tone="error">{result.error}</Alert> : null}
    </div>
  );
}
