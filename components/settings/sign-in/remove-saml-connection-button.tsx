"use client";

import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { removeSamlConnectionSettings } from "@/lib/actions/settings/saml-connection";

/** Removes the SAML connection after asking in a modal dialog (refused while it is the only way in), as the OIDC one. */
export function RemoveSamlConnectionButton({ displayName, onRemoved }: { displayName: string; onRemoved: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction] = useActionState(removeSamlConnectionSettings, null);
  useEffect(() => {
    if (state?.ok) onRemoved();
  }, [state, onRemoved]);
  return (
    <>
      <Button variant="ghost" className="text-red-700" onClick={() => dialog.current?.showModal()}>
        Remove SAML connection
      </Button>
      <dialog ref={dialog} aria-labelledby="remove-saml-title" className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id="remove-saml-title" className="text-lg font-semibold text-slate-900">
          Remove {displayName}?
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          People can no longer sign in with it; its metadata and certificates are deleted. Those without a password here will need another way in.
        </p>
        {state && !state.ok ? (
          <div className="mt-3">
            <Alert tone="error">{state.error}</Alert>
          </div>
        ) : null}
        <form action={formAction} className="mt-5 flex justify-end gap-3">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <SubmitButton variant="danger" pendingLabel="Removing…">
            Remove
          </SubmitButton>
        </form>
      </dialog>
    </>
  );
}
