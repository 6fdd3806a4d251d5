"use client";

import { useActionState } from "react";
import { addProspectAction } from "@/lib/actions/imports/prospects";
import { ActionMessage, fieldError } from "@/components/settings/action-message";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";

export type PhoneTypeOption = { srcSystemId: string; name: string; isDefault: boolean };

/** Administration → Imports → Add a prospect: one prospect; the phone is verified by you, now (SPEC §2). */
export function ProspectForm({ phoneTypes }: { phoneTypes: readonly PhoneTypeOption[] }) {
  const [state, formAction] = useActionState(addProspectAction, null);
  const typeError = fieldError(state, "phoneType");
  const success = state?.ok && !state.data.created ? "The prospect was already here; their phone is verified." : "Prospect added; their phone is verified.";
  return (
    <form action={formAction} className="grid max-w-2xl gap-4 sm:grid-cols-2" noValidate key={state?.ok ? state.data.importId : "form"}>
      <div className="sm:col-span-2">
        <ActionMessage id="prospect-message" state={state} success={success} />
      </div>
      <TextField label="First name" name="firstName" autoComplete="off" required error={fieldError(state, "firstName")} />
      <TextField label="Last name" name="lastName" autoComplete="off" required error={fieldError(state, "lastName")} />
      <TextField label="Phone" name="phone" type="tel" autoComplete="off" required error={fieldError(state, "phone")} />
      <div>
        <Label htmlFor="prospect-phone-type">Phone type</Label>
        <select
          id="prospect-phone-type"
          name="phoneType"
          defaultValue=""
          aria-invalid={typeError ? true : undefined}
          aria-describedby={typeError ? "prospect-phone-type-error" : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
        >
          <option value="">Default SMS Phone Type{phoneTypes.find((t) => t.isDefault) ? ` (${phoneTypes.find((t) => t.isDefault)!.name})` : ""}</option>
          {phoneTypes.map((t) => (
            <option key={t.srcSystemId} value={t.srcSystemId}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError id="prospect-phone-type-error" message={typeError} />
      </div>
      <TextField label="Email (optional)" name="email" type="email" autoComplete="off" error={fieldError(state, "email")} />
      <TextField label="Source id (optional)" name="srcSystemId" autoComplete="off" error={fieldError(state, "srcSystemId")} />
      <div className="sm:col-span-2">
        <SubmitButton pendingLabel="Adding…">Add prospect</SubmitButton>
      </div>
    </form>
  );
}
