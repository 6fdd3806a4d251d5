"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { submitSignIn, type SignInState } from "../actions";

/**
 * Email first (issue 19.2): the email's institution decides whether the next step is its single
 * sign-on (the browser goes to the provider), a choice of its connections (and of a password,
 * where it allows one beside them), or a password.
 */
export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [state, formAction] = useActionState<SignInState, FormData>(submitSignIn, { step: "email", error: initialError });
  const step = state.step ?? "email";
  return (
    <form action={formAction} className="space-y-4" aria-describedby={state.error ? "sign-in-error" : undefined} noValidate>
      {state.error ? (
        <Alert tone="error" id="sign-in-error">
          {state.error}
        </Alert>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {step === "email" ? (
        <>
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={state.email}
            error={state.fieldErrors?.email}
          />
          <SubmitButton pendingLabel="Checking…" className="w-full">
            Continue
          </SubmitButton>
        </>
      ) : (
        <>
          <TextField label="Email" name="email" type="email" autoComplete="username" readOnly value={state.email ?? ""} error={state.fieldErrors?.email} />
          {step === "password" ? (
            <>
              <TextField
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                autoFocus
                error={state.fieldErrors?.password}
              />
              <input type="hidden" name="intent" value="password" />
              <SubmitButton pendingLabel="Signing in…" className="w-full">
                Sign in
              </SubmitButton>
            </>
          ) : (
            <div className="space-y-2">
              <input type="hidden" name="intent" value="sso" />
              {state.connections?.map((c) => (
                <Button key={c.connectionId} type="submit" name="connectionId" value={c.connectionId} className="w-full">
                  Sign in with {c.displayName}
                </Button>
              ))}
              {state.passwordAllowed ? (
                <Button type="submit" variant="secondary" name="usePassword" value="1" formNoValidate className="w-full">
                  Sign in with a password
                </Button>
              ) : null}
            </div>
          )}
          <Button type="submit" variant="ghost" name="changeEmail" value="1" formNoValidate className="w-full">
            Use a different email
          </Button>
        </>
      )}
    </form>
  );
}
