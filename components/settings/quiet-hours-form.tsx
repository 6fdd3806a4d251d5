"use client";

import { useActionState, useState } from "react";
import { saveQuietHours } from "@/lib/actions/settings/sms-configuration";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import type { SmsSettingsDto } from "@/lib/settings/schemas";
import { ActionMessage, fieldError } from "./action-message";
import { keepValuesOnReset } from "./keep-values-on-reset";

type QuietHours = Pick<SmsSettingsDto, "quietHoursEnabled" | "quietWindowStart" | "quietWindowEnd" | "quietReplyExemptMinutes">;

const asForm = (q: QuietHours) => ({
  quietHoursEnabled: q.quietHoursEnabled,
  quietWindowStart: q.quietWindowStart ?? "",
  quietWindowEnd: q.quietWindowEnd ?? "",
  quietReplyExemptMinutes: String(q.quietReplyExemptMinutes),
});

/**
 * SMS Configuration → Quiet Hours (SPEC §9): on/off, the institution's narrower window (blank
 * keeps the federal bound) and the reply exemption. Controlled fields kept across React's form
 * reset (keep-values-on-reset.ts); after a save the form shows what was stored. Read-only for
 * the operator.
 */
export function QuietHoursForm({ settings, readOnly }: { settings: QuietHours; readOnly: boolean }) {
  const [state, formAction] = useActionState(saveQuietHours, null);
  const [values, setValues] = useState(asForm(settings));
  const [shown, setShown] = useState(state);
  if (state !== shown) {
    setShown(state);
    if (state?.ok) setValues(asForm(state.data));
  }
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((v) => ({ ...v, [key]: value }));

  return (
    <form action={formAction} onReset={keepValuesOnReset} className="max-w-2xl space-y-6" noValidate>
      <ActionMessage id="quiet-hours-message" state={state} success="Quiet hours saved." />
      <fieldset disabled={readOnly} className="space-y-6">
        <div>
          <label className="inline-flex items-center gap-2 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              name="quietHoursEnabled"
              value="true"
              checked={values.quietHoursEnabled}
              onChange={(e) => set("quietHoursEnabled", e.target.checked)}
              aria-describedby="quietHoursEnabled-hint"
            />
            Quiet hours
          </label>
          <p id="quietHoursEnabled-hint" className="mt-1 text-sm text-slate-600">
            {values.quietHoursEnabled
              ? "On: texts outside the allowed hours are held until the recipient's window opens."
              : "Off: texts go at once, at any hour of the day or night."}
          </p>
        </div>

        <fieldset aria-describedby="quiet-window-hint">
          <legend className="text-sm font-medium text-slate-800">Your institution&apos;s window (optional)</legend>
          <p id="quiet-window-hint" className="text-sm text-slate-600">
            Narrow the hours further for everyone, in each recipient&apos;s local time. Leave blank to keep 8:00 AM and 9:00 PM. The window can only be made narrower: no earlier than 8:00 AM, no later than 9:00 PM.
          </p>
          <div className="mt-2 grid gap-4 sm:grid-cols-2">
            <TextField
              id="quietWindowStart"
              label="Texts start at"
              name="quietWindowStart"
              type="time"
              min="08:00"
              max="21:00"
              value={values.quietWindowStart}
              onChange={(e) => set("quietWindowStart", e.target.value)}
              error={fieldError(state, "quietWindowStart")}
            />
            <TextField
              id="quietWindowEnd"
              label="Texts end at"
              name="quietWindowEnd"
              type="time"
              min="08:00"
              max="21:00"
              value={values.quietWindowEnd}
              onChange={(e) => set("quietWindowEnd", e.target.value)}
              error={fieldError(state, "quietWindowEnd")}
            />
          </div>
        </fieldset>

        <div className="max-w-md">
          <TextField
            id="quietReplyExemptMinutes"
            label="Replies within N minutes of a student's text are not held"
            hint="N in minutes, 0 to 1,440. With 0, replies are held like any other text."
            name="quietReplyExemptMinutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={1440}
            step={1}
            value={values.quietReplyExemptMinutes}
            onChange={(e) => set("quietReplyExemptMinutes", e.target.value)}
            error={fieldError(state, "quietReplyExemptMinutes")}
          />
        </div>
      </fieldset>

      {readOnly ? (
        <p className="text-sm text-slate-600">Only the institution&apos;s administrators can change these settings.</p>
      ) : (
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      )}
    </form>
  );
}
