"use client";

import { useActionState } from "react";
import { createApiKeyAction } from "@/lib/actions/account/api-keys";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";

/** Name and optional lifetime of a new key; the created key is shown here once and never again. */
export function CreateApiKeyForm() {
  const [state, formAction] = useActionState(createApiKeyAction, null);
  return (
    <section aria-labelledby="create-key" className="mb-8 max-w-xl">
      <h2 id="create-key" className="mb-3 text-lg font-semibold text-slate-900">
        Create a key
      </h2>
      <form action={formAction} className="flex flex-col gap-3">
        <TextField label="Name" name="name" required maxLength={100} error={state && !state.ok ? state.fieldErrors.name : undefined} />
        <TextField
          label="Expires after (days)"
          name="expiresInDays"
          type="number"
          min={1}
          max={3650}
          hint="Leave empty for a key that does not expire."
          error={state && !state.ok ? state.fieldErrors.expiresInDays : undefined}
        />
        <div>
          <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
        </div>
      </form>
      {state && !state.ok && !Object.keys(state.fieldErrors).length ? <Alert tone="error">{state.error}</Alert> : null}
      {state?.ok ? (
        <div className="mt-4">
          <Alert tone="success">
            <p>Copy this key now: it will not be shown again.</p>
            <p className="mt-2 break-all font-mono" aria-label="New API key">
              {state.data.key}
            </p>
          </Alert>
        </div>
      ) : null}
    </section>
  );
}
