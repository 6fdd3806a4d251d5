"use client";

import { useActionState, useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { saveOidcConnectionSettings, testOidcConnection } from "@/lib/actions/settings/sign-in";
import type { OidcConnectionView } from "@/lib/auth/sso/connection-views";
import { ActionMessage, fieldError } from "../action-message";
import { keepValuesOnReset } from "../keep-values-on-reset";
import { RemoveConnectionButton } from "./remove-connection-button";

/**
 * Administration → Sign-in → OpenID Connect: issuer, client id and secret (write-only: after
 * saving only "saved, ends …" shows), the redirect URI to register at the provider, and a test
 * that fetches the provider's discovery document; removal asks first (remove-oidc-connection-button.tsx).
 */
type Props = { connection: OidcConnectionView | null; connectionId: string; redirectUri: string };

export function OidcConnectionForm(props: Props) {
  // After a removal the fields and messages start afresh (uncontrolled inputs keep what they hold).
  const [generation, setGeneration] = useState(0);
  const removed = useCallback(() => setGeneration((g) => g + 1), []);
  return <OidcConnectionFields key={generation} {...props} onRemoved={removed} />;
}

function OidcConnectionFields({ connection, connectionId, redirectUri, onRemoved }: Props & { onRemoved: () => void }) {
  const [state, formAction, saving] = useActionState(saveOidcConnectionSettings, null);
  const [test, testAction, testing] = useActionState(testOidcConnection, null);
  const busy = saving || testing;
  const saved = state?.ok ? state.data : connection;
  return (
    <section aria-labelledby="oidc-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="oidc-heading" className="text-base font-semibold text-slate-900">
        OpenID Connect
      </h2>
      <p className="mt-1 text-sm text-slate-600">Microsoft Entra ID, Okta, Google Workspace or any OpenID provider. Register this redirect URI there:</p>
      <p className="mt-2 break-all rounded bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900" aria-label="Redirect URI">
        {redirectUri}
      </p>
      <form action={formAction} onReset={keepValuesOnReset} className="mt-4 max-w-xl space-y-4" noValidate>
        <ActionMessage id="oidc-message" state={state} success="OpenID Connect connection saved." />
        <input type="hidden" name="connectionId" value={connectionId} />
        <TextField
          label="Name on the sign-in button"
          name="displayName"
          defaultValue={connection?.displayName ?? ""}
          placeholder="Campus SSO"
          hint="People see “Sign in with …” followed by this name."
          error={fieldError(state, "displayName")}
        />
        <TextField
          label="Issuer URL"
          name="issuer"
          type="url"
          defaultValue={connection?.issuer ?? ""}
          placeholder="https://login.microsoftonline.com/<tenant-id>/v2.0"
          error={fieldError(state, "issuer")}
        />
        <TextField label="Client ID" name="clientId" defaultValue={connection?.clientId ?? ""} autoComplete="off" error={fieldError(state, "clientId")} />
        <TextField
          label="Client secret"
          name="clientSecret"
          type="password"
          autoComplete="new-password"
          placeholder={saved?.secretLast4 ? `saved, ends …${saved.secretLast4}` : ""}
          hint={saved?.secretLast4 ? `Saved, ends …${saved.secretLast4}. It is never shown again; leave blank to keep it, or type a new one to replace it.` : "Stored encrypted and never shown again."}
          error={fieldError(state, "clientSecret")}
        />
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" name="trustEmail" value="true" defaultChecked={connection?.trustEmail ?? false} className="mt-1" />
          <span>
            Trust the provider&apos;s email address without an <code>email_verified</code> claim
            <span className="block text-slate-600">Only for Microsoft Entra ID, which does not send the claim: your tenant vouches for its addresses.</span>
          </span>
        </label>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" name="enabled" value="true" defaultChecked={connection?.enabled ?? true} />
          Enabled (offered on the sign-in page)
        </label>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={busy}>
            {saving ? "Saving…" : "Save connection"}
          </Button>
          <Button type="submit" variant="secondary" formAction={testAction} disabled={busy}>
            {testing ? "Testing…" : "Test connection"}
          </Button>
        </div>
        {test ? (
          test.ok ? (
            <Alert tone="success">
              Found {test.data.issuer}: it signs people in at {test.data.authorizationEndpoint}.
            </Alert>
          ) : (
            <Alert tone="error">{test.error}</Alert>
          )
        ) : null}
      </form>
      {connection ? (
        <div className="mt-4 border-t border-slate-200 pt-4">
          <RemoveConnectionButton protocol="oidc" displayName={connection.displayName} onRemoved={onRemoved} />
        </div>
      ) : null}
    </section>
  );
}
