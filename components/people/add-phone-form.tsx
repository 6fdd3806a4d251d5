"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef } from "react";
import { addPhone } from "@/app/(app)/people/[personId]/profile/actions";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import type { ActionResult } from "@/lib/action";
import { PhoneSelect } from "./phone-form-fields";
import type { PhoneTypeOption } from "./phone-edit-dialog";

/**
 * Add a phone number (SPEC §2): typed in any usual format, stored in E.164 (numbers without a
 * country code are read as US). The new record starts SMS Default and not verified.
 */
export function AddPhoneForm({ personId, phoneTypes, defaultType }: { personId: string; phoneTypes: PhoneTypeOption[]; defaultType?: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [state, formAction] = useActionState<ActionResult<{ phoneId: string }> | null, FormData>(addPhone, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  useEffect(() => {
    if (state?.ok) {
      form.current?.reset();
      router.refresh();
    }
  }, [state, router]);

  return (
    <form ref={form} action={formAction} noValidate aria-labelledby="add-phone-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h3 id="add-phone-heading" className="mb-3 font-semibold text-slate-900">
        Add a phone number
      </h3>
      <input type="hidden" name="personId" value={personId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id="add-phone-number"
          label="Number"
          name="number"
          type="tel"
          autoComplete="off"
          hint="e.g. (312) 555-0101 or +44 20 7183 8750"
          error={errors.number}
        />
        <PhoneSelect
          id="add-phone-type"
          label="Phone type"
          name="phoneTypeSrcSystemId"
          defaultValue={defaultType}
          options={phoneTypes.map((t) => ({ value: t.srcSystemId, label: t.name }))}
          error={errors.phoneTypeSrcSystemId}
        />
        <TextField id="add-phone-src" label="Source id (optional)" name="srcSystemId" error={errors.srcSystemId} />
      </div>
      <div className="mt-4 flex items-center gap-3">
        <SubmitButton pendingLabel="Adding…">Add phone</SubmitButton>
        {state?.ok ? <Alert tone="success">Phone number added.</Alert> : null}
        {state && !state.ok ? <Alert tone="error">{state.error}</Alert> : null}
      </div>
    </form>
  );
}
