import { Card } from "@/components/ui/card";
import type { ScimSettingsView } from "@/lib/scim/scim-settings";
import { CopyField } from "./copy-field";
import { ScimOptionsForm } from "./scim-options-form";
import { ScimTokenControls } from "./scim-token-controls";

/**
 * Administration → Sign-in → SCIM provisioning (issue 19.4): the base URL and token a campus
 * directory (Entra ID, Okta) needs to create, update and deactivate staff, and what a
 * deactivation does with their texting number.
 */
export function ScimCard({ settings, baseUrl, timeZone }: { settings: ScimSettingsView; baseUrl: string; timeZone: string }) {
  const when = new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const token = settings.token && {
    prefix: settings.token.prefix,
    created: when.format(settings.token.createdAt),
    createdBy: settings.token.createdByName,
    lastUsed: settings.token.lastUsedAt ? when.format(settings.token.lastUsedAt) : null,
  };
  return (
    <Card>
      <section aria-labelledby="scim-heading" className="space-y-6">
        <div>
          <h2 id="scim-heading" className="text-lg font-semibold text-slate-900">
            Directory provisioning (SCIM)
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Let your campus directory create staff sign-ins and cut off people who leave, at once. In Microsoft Entra ID or Okta, set up SCIM
            provisioning with this URL and token.
          </p>
        </div>
        <CopyField id="scim-base-url" label="SCIM base URL (Tenant URL)" value={baseUrl} />
        <div>
          <h3 className="mb-2 text-base font-semibold text-slate-900">Secret token</h3>
          <ScimTokenControls token={token} />
        </div>
        <div>
          <h3 className="mb-2 text-base font-semibold text-slate-900">What your directory&apos;s changes do</h3>
          <ScimOptionsForm numberOnDeactivation={settings.numberOnDeactivation} newUserRoleId={settings.newUserRoleId} roleOptions={settings.roleOptions} />
        </div>
      </section>
    </Card>
  );
}
