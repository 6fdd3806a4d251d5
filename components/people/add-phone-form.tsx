"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { addPhone } from "@/lib/actions/people/phones";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ActionResult } from "@/lib/action";
import { PhoneSelect } from "./phone-form-fields";
import type { PhoneTypeOption } from "./phone-edit-dialog";

/**
 * Add a phone number (SPEC §2): typed in any usual format, stored in E.164 (numbers without a
 * country code are read as US). The new record starts SMS Default and not verified. Controlled
 * fields, so a refused number stays in the box beside its error.
 */
export function AddPhoneForm({ personId, phoneTypes, defaultType }: { personId: string; phoneTypes: PhoneTypeOption[]; defaultType?: string }) {
  const router = useRouter();
  const initialType = phoneTypes.some((t) => t.srcSystemId === defaultType) ? defaultType! : (phoneTypes[0]?.srcSystemId ?? "");
  const [values, setValues] = useState({ number: "", phoneTypeSrcSystemId: initialType, srcSystemId: "" });
  const [result, setResult] = useState<ActionResult<{ phoneId: string }> | null>(null);
  const [pending, startTransition] = useTransition();
  const errors = result && !result.ok ? result.fieldErrors : {};

  return (
    <form
      noValidate
      aria-labelledby="add-phone-heading"
      className="rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const answer = await addPhone({ personId, ...values });
          setResult(answer);
          if (answer.ok) {
            setValues({ ...values, number: "", srcSystemId: "" });
            router.refresh();
          }
        });
      }}
    >
      <h3 id="add-phone-heading" className="mb-3 font-semibold text-slate-900">
        Add a phone number
      </h3>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id="add-phone-number"
          label="Number"
          name="number"
          type="tel"
          autoComplete="off"
          hint="e.g. (312) 555-0101 or +44 20 7183 8750"
          value={values.number}
          onChange={(e) => setValues({ ...values, number: e.target.value })}
          error={errors.number}
        />
        <PhoneSelect
          id="add-phone-type"
          label="Phone type"
          name="phoneTypeSrcSystemId"
          value={values.phoneTypeSrcSystemId}
          onChange={(v) => setValues({ ...values, phoneTypeSrcSystemId: v })}
          options={phoneTypes.map((t) => ({ value: t.srcSystemId, label: t.name }))}
          error={errors.phoneTypeSrcSystemId}
        />
        <TextField
          id="add-phone-src"
          label="Source id (optional)"
          name="srcSystemId"
          value={values.srcSystemId}
          onChange={(e) => setValues({ ...values, srcSystemId: e.target.value })}
          error={errors.srcSystemId}
        />
      </div>
      <div className="mt-4 flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add phone"}
        </Button>
        {result?.ok ? <Alert tone="success">Phone number added.</Alert> : null}
        {result && !result.ok ? <Alert tone="error">{result.error}</Alert> : null}
      </div>
    </form>
  );
}
