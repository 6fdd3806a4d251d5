"use client";

import { useActionState, useCallback, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextareaField } from "@/components/ui/textarea-field";
import { TextField } from "@/components/ui/text-field";
import { saveSamlConnectionSettings } from "@/lib/actions/settings/saml-connection";
import type { SamlConnectionView } from "@/lib/auth/sso/connection-views";
import { ActionMessage, fieldError } from "../action-message";
import { keepValuesOnReset } from "../keep-values-on-reset";
import { RemoveConnectionButton } from "./remove-connection-button";

/** Our SAML endpoints for the institution (lib/auth/sso/saml/saml-endpoints.ts), to register at the IdP. */
export type SamlEndpointsView = { entityId: string; acsUrl: string; metadataUrl: string };

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-sm font-medium text-slate-800">{label}</dt>
      <dd className="mt-1 break-all rounded bg-slate-100 px-3 py-2 font-mono text-sm text-slate-900" aria-label={label}>
        {value}
      </dd>
    </div>
  );
}

const dateOf = (iso: string) => new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });

/**
 * Administration → Sign-in → SAML 2.0 (issue 19.1): our entity id and ACS URL to register at the
 * identity provider (known before anything is saved), then the IdP's metadata — a URL we fetch
 * now, or the XML pasted — and what was read from it: entity id, sign-on URL, certificates and
 * when the first expires.
 */
type Props = { connection: SamlConnectionView | null; endpoints: SamlEndpointsView };

export function SamlConnectionForm(props: Props) {
  // After a removal the fields and messages start afresh (uncontrolled inputs keep what they hold), as the OIDC form.
  const [generation, setGeneration] = useState(0);
  const removed = useCallback(() => setGeneration((g) => g + 1), []);
  return <SamlConnectionFields key={generation} {...props} connection={generation > 0 ? null : props.connection} onRemoved={removed} />;
}

function SamlConnectionFields({ connection, endpoints, onRemoved }: Props & { onRemoved: () => void }) {
  const [state, formAction, saving] = useActionState(saveSamlConnectionSettings, null);
  const saved = state?.ok ? state.data : connection;
  const expired = saved?.certificatesExpireAt ? new Date(saved.certificatesExpireAt) < new Date() : false;
  return (
    <section aria-labelledby="saml-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id="saml-heading" className="text-base font-semibold text-slate-900">
        SAML 2.0
      </h2>
      <p className="mt-1 text-sm text-slate-600">Shibboleth / InCommon, Okta, Microsoft Entra ID or any SAML 2.0 identity provider. Register this application there with:</p>
      <dl className="mt-3 space-y-3">
        <Copyable label="Entity ID (audience)" value={saved?.spEntityId ?? endpoints.entityId} />
        <Copyable label="ACS URL (HTTP-POST)" value={endpoints.acsUrl} />
        <Copyable label="Our metadata URL" value={endpoints.metadataUrl} />
      </dl>
      <p className="mt-2 text-sm text-slate-600">
        Send the email address as the NameID (emailAddress format) or in a <code>mail</code> attribute, and sign the assertion or the response.
      </p>
      {saved?.idpEntityId ? (
        <div className="mt-4 rounded-md border border-slate-200 p-3 text-sm text-slate-800">
          <p>
            Identity provider <span className="break-all font-mono">{saved.idpEntityId}</span>
          </p>
          <p className="mt-1">
            Signs people in at <span className="break-all font-mono">{saved.idpSsoUrl}</span>
          </p>
          <p className="mt-1">
            {saved.certificateCount === 1 ? "1 signing certificate" : `${saved.certificateCount} signing certificates`}
            {saved.certificatesExpireAt ? `, ${expired ? "expired" : "valid until"} ${dateOf(saved.certificatesExpireAt)}` : ""}
          </p>
        </div>
      ) : null}
      {expired ? (
        <Alert tone="error">A signing certificate of the identity provider has expired: save its current metadata again.</Alert>
      ) : null}
      <form action={formAction} onReset={keepValuesOnReset} className="mt-4 max-w-xl space-y-4" noValidate>
        <ActionMessage id="saml-message" state={state} success="SAML connection saved." />
        <TextField
          label="Name on the sign-in button"
          name="displayName"
          id="saml-displayName"
          defaultValue={saved?.displayName ?? ""}
          placeholder="Campus SSO"
          hint="People see “Sign in with …” followed by this name."
          error={fieldError(state, "displayName")}
        />
        <TextField
          label="Identity provider metadata URL"
          name="metadataUrl"
          id="saml-metadataUrl"
          type="url"
          defaultValue={saved?.metadataUrl ?? ""}
          placeholder="https://idp.example.edu/idp/shibboleth"
          hint={saved?.idpEntityId ? "Fetched when you save. Leave this and the XML empty to keep the saved metadata." : "Fetched when you save."}
          error={fieldError(state, "metadataUrl")}
        />
        <TextareaField
          label="Or paste the metadata XML"
          name="metadataXml"
          id="saml-metadataXml"
          rows={4}
          placeholder='<md:EntityDescriptor entityID="…">'
          error={fieldError(state, "metadataXml")}
        />
        <TextField
          label="Email attribute (optional)"
          name="emailAttribute"
          id="saml-emailAttribute"
          defaultValue={saved?.emailAttribute ?? ""}
          autoComplete="off"
          hint="Only if your provider sends the email under another name. Empty: the NameID when it is an email address, else mail, urn:oid:0.9.2342.19200300.100.1.3 or email."
          error={fieldError(state, "emailAttribute")}
        />
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" name="enabled" value="true" defaultChecked={saved?.enabled ?? true} />
          Enabled (offered on the sign-in page)
        </label>
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save SAML connection"}
        </Button>
      </form>
      {saved ? (
        <div className="mt-4 border-t border-slate-200 pt-4">
          <RemoveConnectionButton protocol="saml" displayName={saved.displayName} onRemoved={onRemoved} />
        </div>
      ) : null}
    </section>
  );
}
