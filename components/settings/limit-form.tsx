"use client";

import { useActionState, useState } from "react";
import { saveSmsLimit } from "@/app/(app)/admin/messaging/sms-configuration/actions";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { ActionMessage, fieldError } from "./action-message";

/** The platform operator's edit of one SMS limit (SPEC §3); administrators never get this form. */
export function LimitForm({ name, label, value }: { name: "smsMonthlyLimit" | "smsPhoneNumberLimit"; label: string; value: number }) {
  const [state, formAction] = useActionState(saveSmsLimit, null);
  const [typed, setTyped] = useState(String(value));
  return (
    <form action={formAction} className="mt-4 space-y-3" noValidate>
      <ActionMessage id={`${name}-message`} state={state} success={`${label} saved.`} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-48">
          <TextField label={label} name={name} inputMode="numeric" value={typed} onChange={(e) => setTyped(e.target.value)} error={fieldError(state, name)} />
        </div>
        <SubmitButton pendingLabel="Saving…" variant="secondary">
          {`Save ${label}`}
        </SubmitButton>
      </div>
    </form>
  );
}
