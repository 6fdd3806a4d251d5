"use client";

import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { removeSamlConnectionSettings } from "@/lib/actions/settings/saml-connection";
import { removeOidcConnectionSettings } from "@/lib/actions/settings/sign-in";

const PROTOCOLS = {
  oidc: { action: removeOidcConnectionSettings, label: "Remove connection", deleted: "its client secret is deleted" },
  saml: { action: removeSamlConnectionSettings, label: "Remove SAML connection", deleted: "its metadata and certificates are deleted" },
} as const;

/** Removes the institution's OpenID Connect or SAML connection after asking in a modal dialog (refused while it is the only way in). */
export function RemoveConnectionButton({ protocol, displayName, onRemoved }: { protocol: keyof typeof PROTOCOLS; displayName: string; onRemoved: () => void }) {
  const p = PROTOCOLS[protocol];
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction] = useActionState(p.action, null);
  useEffect(() => {
    if (state?.ok) onRemoved();
  }, [state, onRemoved]);
  const titleId = `remove-${protocol}-title`;
  return (
    <>
      <Button variant="ghost" className="text-red-700" onClick={() => dialog.current?.showModal()}>
        {p.label}
      </Button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          Remove {displayName}?
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          People can no longer sign in with it; {p.deleted}. Those without a password here will need another way in.
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
