"use client";

import { useActionState, useState } from "react";
import { saveApplicationSettings } from "@/lib/actions/settings/application";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { TWILIO_MAX_BODY_LENGTH } from "@/lib/settings/schemas";
import { ActionMessage, fieldError } from "./action-message";
import { keepValuesOnReset } from "./keep-values-on-reset";

/** Administration → Application: smsMaxLength, the most characters one text may have (SPEC §3). */
export function ApplicationForm({ smsMaxLength }: { smsMaxLength: number }) {
  const [state, formAction] = useActionState(saveApplicationSettings, null);
  const [typed, setTyped] = useState(String(smsMaxLength));
  return (
    <form action={formAction} onReset={keepValuesOnReset} className="max-w-md space-y-4" noValidate>
      <ActionMessage id="application-message" state={state} success="Application settings saved." />
      <TextField
        label="smsMaxLength"
        name="smsMaxLength"
        inputMode="numeric"
        hint={`The most characters one text may have: 1 to ${TWILIO_MAX_BODY_LENGTH.toLocaleString("en-US")} (Twilio's limit). Default 1,000.`}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        error={fieldError(state, "smsMaxLength")}
      />
      <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
    </form>
  );
}
