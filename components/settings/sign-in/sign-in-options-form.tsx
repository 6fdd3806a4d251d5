"use client";

import { useActionState, useState } from "react";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextareaField } from "@/components/ui/textarea-field";
import { saveSignInOptions } from "@/lib/actions/settings/sign-in";
import type { SignInSettingsView } from "@/lib/auth/sso/sign-in-settings";
import { ActionMessage, fieldError } from "../action-message";
import { keepValuesOnReset } from "../keep-values-on-reset";

type Props = Pick<SignInSettingsView, "passwordSignInAllowed" | "jitProvisioning" | "jitDefaultRoleId" | "emailDomains" | "roleChoices">;

/** Administration → Sign-in → Options: password sign-in, just-in-time provisioning and its role, routed email domains. */
export function SignInOptionsForm(props: Props) {
  const [state, formAction] = useActionState(saveSignInOptions, null);
  const [jit, setJit] = useState(props.jitProvisioning);
  return (
    <section aria-labelledby="options-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="options-heading" className="text-base font-semibold text-slate-900">
        Options
      </h2>
      <form action={formAction} onReset={keepValuesOnReset} className="mt-4 max-w-xl space-y-5" noValidate>
        <ActionMessage id="sign-in-options-message" state={state} success="Sign-in options saved." />
        <div>
          <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input type="checkbox" name="passwordSignInAllowed" value="true" defaultChecked={props.passwordSignInAllowed} aria-describedby="password-hint" />
            Password sign-in
          </label>
          <p id="password-hint" className="mt-1 text-sm text-slate-600">
            Off: your people sign in only through single sign-on (the platform operator keeps a password). You can switch it off once you have signed in through it.
          </p>
        </div>
        <div>
          <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input type="checkbox" name="jitProvisioning" value="true" checked={jit} onChange={(e) => setJit(e.target.checked)} aria-describedby="jit-hint" />
            Create accounts on first sign-in (just-in-time)
          </label>
          <p id="jit-hint" className="mt-1 text-sm text-slate-600">
            Someone your identity provider signs in who has no account here becomes a staff member with the role below. Off: only people already here can sign in.
          </p>
          <div className="mt-3">
            <SelectField
              label="Role of new accounts"
              name="jitDefaultRoleId"
              defaultValue={props.jitDefaultRoleId ?? ""}
              options={[{ value: "", label: "Choose a role" }, ...props.roleChoices.map((r) => ({ value: r.id, label: r.name }))]}
              error={fieldError(state, "jitDefaultRoleId")}
            />
          </div>
        </div>
        <TextareaField
          label="Email domains"
          name="emailDomains"
          rows={3}
          defaultValue={props.emailDomains.join("\n")}
          hint="One per line, e.g. lakeside.edu. An email at these domains goes straight to your single sign-on."
          error={fieldError(state, "emailDomains")}
        />
        <SubmitButton pendingLabel="Saving…">Save options</SubmitButton>
      </form>
    </section>
  );
}
