import type { Metadata } from "next";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { OidcConnectionForm } from "@/components/settings/sign-in/oidc-connection-form";
import { SamlConnectionForm } from "@/components/settings/sign-in/saml-connection-form";
import { ScimCard } from "@/components/settings/sign-in/scim-card";
import { SignInOptionsForm } from "@/components/settings/sign-in/sign-in-options-form";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { oidcRedirectUri } from "@/lib/auth/sso/oidc-providers";
import { newOidcConnectionId } from "@/lib/auth/sso/oidc-connection";
import { samlEndpoints } from "@/lib/auth/sso/saml/saml-endpoints";
import { getSignInSettings } from "@/lib/auth/sso/sign-in-settings";
import { getEnv } from "@/lib/env";
import { getScimSettings } from "@/lib/scim/scim-settings";
import { scimBaseUrl } from "@/lib/scim/scim-route";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";

export const metadata: Metadata = { title: "Sign-in" };

export default async function SignInSettingsPage() {
  const actor = await requirePermission("signInSettings.manage");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [view, changes, institution, scim] = await Promise.all([
    getSignInSettings({ ctx }),
    listSettingsChanges({ ctx, input: { scopes: ["SIGN_IN"] } }),
    getInstitutionSummary(ctx.db, actor.institutionId),
    getScimSettings({ ctx }),
  ]);
  // A new connection's id is known before it is saved, so its redirect URI can be registered first.
  const connectionId = view.oidc?.id ?? newOidcConnectionId(actor.institutionId);
  return (
    <>
      <PageHeader title="Sign-in" description="How your people sign in: single sign-on through your identity provider, passwords, and new accounts." />
      <div className="space-y-6">
        <OidcConnectionForm connection={view.oidc} connectionId={connectionId} redirectUri={oidcRedirectUri(connectionId)} />
        <SamlConnectionForm connection={view.saml} endpoints={samlEndpoints(getEnv().PUBLIC_BASE_URL, actor.institutionId)} />
        <SignInOptionsForm {...view} />
        <ScimCard settings={scim} baseUrl={scimBaseUrl()} timeZone={institution?.timeZone ?? "UTC"} />
      </div>
      <SettingsChanges changes={changes} timeZone={institution?.timeZone ?? "UTC"} names={{ roles: new Map(view.roleChoices.map((r) => [r.code, r.name])) }} />
    </>
  );
}
