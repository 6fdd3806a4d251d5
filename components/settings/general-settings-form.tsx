"use client";

import { useActionState, useState } from "react";
import { saveGeneralSettings } from "@/lib/actions/settings/sms-configuration";
import { FieldError } from "@/components/ui/field-error";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { FIRST_CONTACT_FOOTER_MAX } from "@/lib/settings/schemas";
import type { SettingsOptions } from "@/lib/settings/get-settings-options";
import type { SmsSettingsDto } from "@/lib/settings/schemas";
import { ActionMessage, fieldError } from "./action-message";
import { keepValuesOnReset } from "./keep-values-on-reset";

type General = Pick<SmsSettingsDto, "studentDefaultStatus" | "staffDefaultStatus" | "defaultPhoneTypeSrcSystemId" | "permittedRoleCodes" | "firstContactFooter">;

const STATUSES = [
  { value: "OPTED_IN", label: "Opted in" },
  { value: "OPTED_OUT", label: "Opted out" },
] as const;

/**
 * SMS Configuration → General Settings (SPEC §3). Controlled fields that React's reset after the
 * action leaves alone (keep-values-on-reset.ts): a refused save keeps what was chosen, a saved one
 * shows what was stored; errors sit beside their field. Unticking every Permitted Role asks for a
 * confirmation that no one will text (issue 15.2; the service refuses it otherwise). Read-only
 * for the operator.
 */
export function GeneralSettingsForm({ settings, options, readOnly }: { settings: General; options: SettingsOptions; readOnly: boolean }) {
  const [state, formAction] = useActionState(saveGeneralSettings, null);
  const [values, setValues] = useState(settings);
  const [confirmedEmpty, setConfirmedEmpty] = useState(false);
  // After a save the form shows what the server stored (roles sorted, as the history lists them).
  const [shown, setShown] = useState(state);
  if (state !== shown) {
    setShown(state);
    if (state?.ok) {
      const { studentDefaultStatus, staffDefaultStatus, defaultPhoneTypeSrcSystemId, permittedRoleCodes, firstContactFooter } = state.data;
      setValues({ studentDefaultStatus, staffDefaultStatus, defaultPhoneTypeSrcSystemId, permittedRoleCodes, firstContactFooter });
      setConfirmedEmpty(false);
    }
  }
  const set = <K extends keyof General>(key: K, value: General[K]) => setValues((v) => ({ ...v, [key]: value }));
  const rolesError = fieldError(state, "permittedRoleCodes");
  const noRoles = values.permittedRoleCodes.length === 0;

  return (
    <form action={formAction} onReset={keepValuesOnReset} className="max-w-2xl space-y-6" noValidate>
      <ActionMessage id="general-settings-message" state={state} success="General Settings saved." />
      {(["studentDefaultStatus", "staffDefaultStatus"] as const).map((name) => {
        const label = name === "studentDefaultStatus" ? "Student SMS Default Status" : "Staff SMS Default Status";
        const error = fieldError(state, name);
        return (
          <fieldset key={name} aria-describedby={error ? `${name}-error` : undefined} disabled={readOnly}>
            <legend className="text-sm font-medium text-slate-800">{label}</legend>
            <p className="text-sm text-slate-600">
              Whether {name === "studentDefaultStatus" ? "students" : "staff"} receive texts on phones marked SMS Default.
            </p>
            <div className="mt-2 flex gap-6">
              {STATUSES.map((s) => (
                <label key={s.value} className="inline-flex items-center gap-2 text-sm text-slate-800">
                  <input type="radio" name={name} value={s.value} checked={values[name] === s.value} onChange={() => set(name, s.value)} />
                  {s.label}
                </label>
              ))}
            </div>
            <FieldError id={`${name}-error`} message={error} />
          </fieldset>
        );
      })}

      <SelectField
        label="Default SMS Phone Type"
        name="defaultPhoneTypeSrcSystemId"
        hint="Phones of this type with SMS Default status can receive texts."
        value={values.defaultPhoneTypeSrcSystemId ?? ""}
        onChange={(e) => set("defaultPhoneTypeSrcSystemId", e.target.value)}
        options={[
          ...(values.defaultPhoneTypeSrcSystemId ? [] : [{ value: "", label: "Choose a phone type" }]),
          ...options.phoneTypes.map((t) => ({ value: t.srcSystemId, label: t.name })),
        ]}
        error={fieldError(state, "defaultPhoneTypeSrcSystemId")}
        disabled={readOnly}
      />

      <fieldset aria-describedby={`permittedRoleCodes-hint${rolesError ? " permittedRoleCodes-error" : ""}`} disabled={readOnly}>
        <legend className="text-sm font-medium text-slate-800">Permitted Roles</legend>
        <p id="permittedRoleCodes-hint" className="text-sm text-slate-600">
          Staff holding at least one of these roles may send texts. Everyone may reply.
        </p>
        <ul className="mt-2 grid gap-2 sm:grid-cols-2">
          {options.staffRoles.map((role) => (
            <li key={role.code}>
              <label className="inline-flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  name="permittedRoleCodes[]"
                  value={role.code}
                  checked={values.permittedRoleCodes.includes(role.code)}
                  onChange={(e) =>
                    set(
                      "permittedRoleCodes",
                      e.target.checked ? [...values.permittedRoleCodes, role.code] : values.permittedRoleCodes.filter((c) => c !== role.code),
                    )
                  }
                />
                {role.name}
              </label>
            </li>
          ))}
        </ul>
        <FieldError id="permittedRoleCodes-error" message={rolesError} />
        {noRoles && !readOnly ? (
          <div className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p id="permittedRoleCodes-warning" className="font-medium">
              With no Permitted Role, no one will be able to send texts.
            </p>
            <label className="mt-2 inline-flex items-center gap-2">
              <input
                type="checkbox"
                name="confirmNoPermittedRoles"
                value="true"
                checked={confirmedEmpty}
                onChange={(e) => setConfirmedEmpty(e.target.checked)}
                aria-describedby="permittedRoleCodes-warning"
              />
              I understand: no one will be able to send texts
            </label>
          </div>
        ) : null}
      </fieldset>

      <TextField
        label="First-contact footer"
        name="firstContactFooter"
        id="firstContactFooter"
        hint="Added on a new line to the first text a person ever receives from your institution — never to later texts or replies. Leave empty for none. Its length counts in Review."
        placeholder="e.g. Reply STOP to opt out"
        maxLength={FIRST_CONTACT_FOOTER_MAX}
        value={values.firstContactFooter ?? ""}
        onChange={(e) => set("firstContactFooter", e.target.value)}
        error={fieldError(state, "firstContactFooter")}
        disabled={readOnly}
      />

      {readOnly ? (
        <p className="text-sm text-slate-600">Only the institution&apos;s administrators can change these settings.</p>
      ) : (
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      )}
    </form>
  );
}
