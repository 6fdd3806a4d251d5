"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/action";
import { saveLocation } from "@/lib/actions/people/location";
import { US_STATES } from "@/lib/people/location";

type Location = { timeZone: string | null; state: string | null };
export type ZoneOption = { value: string; label: string; us: boolean };

const SELECT =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600";

/**
 * Where the person is, for quiet hours (SPEC §9): the time zone (US zones first, then all) and
 * the state whose rules apply. Blank means "not recorded": the phone's area code decides then.
 */
export function PersonLocationForm({
  personId,
  location,
  zones,
}: {
  personId: string;
  location: Location;
  zones: ZoneOption[];
}) {
  const router = useRouter();
  const [values, setValues] = useState({ timeZone: location.timeZone ?? "", state: location.state ?? "" });
  const [result, setResult] = useState<ActionResult<Location> | null>(null);
  const [pending, startTransition] = useTransition();
  const errors = result && !result.ok ? result.fieldErrors : {};

  return (
    <form
      noValidate
      aria-labelledby="location-form-heading"
      className="rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const answer = await saveLocation({ personId, ...values });
          setResult(answer);
          if (answer.ok) router.refresh();
        });
      }}
    >
      <h3 id="location-form-heading" className="font-semibold text-slate-900">
        Where this person is
      </h3>
      <p className="mb-3 mt-1 text-sm text-slate-600">
        Texts reach them only during the allowed hours of this time zone and state. Left blank, the phone number&apos;s area code decides.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="person-time-zone" label="Time zone" error={errors.timeZone}>
          {(control) => (
            <select {...control} name="timeZone" className={SELECT} value={values.timeZone} onChange={(e) => setValues({ ...values, timeZone: e.target.value })}>
              <option value="">Not recorded</option>
              <optgroup label="United States">
                {zones.filter((z) => z.us).map((z) => (
                  <option key={z.value} value={z.value}>
                    {z.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label="All time zones">
                {zones.filter((z) => !z.us).map((z) => (
                  <option key={z.value} value={z.value}>
                    {z.label}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
        <Field id="person-state" label="State" error={errors.state}>
          {(control) => (
            <select {...control} name="state" className={SELECT} value={values.state} onChange={(e) => setValues({ ...values, state: e.target.value })}>
              <option value="">Not recorded</option>
              {US_STATES.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save location"}
        </Button>
        {result?.ok ? <Alert tone="success">Time zone and state saved.</Alert> : null}
        {result && !result.ok ? <Alert tone="error">{result.error}</Alert> : null}
      </div>
    </form>
  );
}
