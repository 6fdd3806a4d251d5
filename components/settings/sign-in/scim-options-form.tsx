"use client";

import { useActionState } from "react";
import { saveScimOptionsAction } from "@/lib/actions/settings/scim";
import { ActionMessage, fieldError } from "@/components/settings/action-message";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ScimNumberOnDeactivation } from "@/db/schema/scim";

const NUMBER_CHOICES: { value: ScimNumberOnDeactivation; label: string; hint: string }[] = [
  { value: "RELEASE", label: "Release it", hint: "The number goes back to the pool for the next colleague who texts. Replies to it reach no one." },
  { value: "KEEP", label: "Keep it", hint: "The number stays theirs: replies still land in their conversations, and it counts against the number limit." },
];

/** What the directory's changes do: the deactivated user's system number, and the role of the users it creates. */
export function ScimOptionsForm({
  numberOnDeactivation,
  newUserRoleId,
  roleOptions,
}: {
  numberOnDeactivation: ScimNumberOnDeactivation;
  newUserRoleId: string | null;
  roleOptions: { id: string; name: string }[];
}) {
  const [state, formAction] = useActionState(saveScimOptionsAction, null);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <ActionMessage id="scim-options-message" state={state} success="Provisioning settings saved." />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">When your directory deactivates someone, their texting number:</legend>
        <div className="mt-2 space-y-2">
          {NUMBER_CHOICES.map((c) => (
            <label key={c.value} className="flex items-start gap-2 text-sm text-slate-800">
              <input type="radio" name="numberOnDeactivation" value={c.value} defaultChecked={numberOnDeactivation === c.value} className="mt-1" />
              <span>
                <span className="font-medium">{c.label}</span>
                <span className="block text-slate-600">{c.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <SelectField
        label="Role of people your directory creates"
        name="newUserRoleId"
        defaultValue={newUserRoleId ?? undefined}
        hint="Roles with administration are not offered: make administrators here, not in the directory."
        options={roleOptions.map((r) => ({ value: r.id, label: r.name }))}
        error={fieldError(state, "newUserRoleId")}
        className="sm:max-w-xs"
      />
      <SubmitButton pendingLabel="Saving…">Save provisioning settings</SubmitButton>
    </form>
  );
}
