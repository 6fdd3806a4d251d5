"use client";

import { useActionState, useState } from "react";
import { saveInstitutionLimit } from "@/lib/actions/settings/institution-limits";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { fieldError } from "./action-message";
import { keepValuesOnReset } from "./keep-values-on-reset";

/**
 * The platform operator's edit of one SMS limit of one institution (SPEC §3); administrators
 * never get this form. A value with consequences (below this month's use, above the pool) comes
 * back with its warnings and is saved only by "Save anyway", for exactly the value warned about.
 */
export function LimitForm({
  institutionId,
  name,
  label,
  value,
}: {
  institutionId: string;
  name: "smsMonthlyLimit" | "smsPhoneNumberLimit";
  label: string;
  value: number;
}) {
  const [state, formAction] = useActionState(saveInstitutionLimit, null);
  const [typed, setTyped] = useState(String(value));
  const [submitted, setSubmitted] = useState<string | null>(null);
  const warned = state?.ok && !state.data.saved ? state.data.warnings : [];
  const awaitingConfirmation = warned.length > 0 && submitted === typed;
  return (
    <form action={formAction} onReset={keepValuesOnReset} onSubmit={() => setSubmitted(typed)} className="mt-4 space-y-3" noValidate>
      <input type="hidden" name="institutionId" value={institutionId} />
      <input type="hidden" name="confirmed" value={awaitingConfirmation ? "true" : "false"} />
      {state && !state.ok ? (
        <Alert tone="error" id={`${name}-message`}>
          {Object.keys(state.fieldErrors).length ? "Please correct the highlighted fields." : state.error}
        </Alert>
      ) : null}
      {state?.ok && state.data.saved ? (
        <Alert tone="success" id={`${name}-message`}>
          {`${label} saved.`}
        </Alert>
      ) : null}
      {awaitingConfirmation ? (
        <div id={`${name}-warning`} role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-medium">{`Not saved yet: check what a ${label} of ${Number(typed).toLocaleString("en-US")} means.`}</p>
          <ul className="mt-1 list-disc pl-5">
            {warned.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-48">
          <TextField label={label} name={name} inputMode="numeric" value={typed} onChange={(e) => setTyped(e.target.value)} error={fieldError(state, name)} />
        </div>
        <SubmitButton pendingLabel="Saving…" variant="secondary">
          {awaitingConfirmation ? `Save ${label} anyway` : `Save ${label}`}
        </SubmitButton>
        {awaitingConfirmation ? (
          <Button type="button" variant="secondary" onClick={() => setTyped(String(value))}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
