import type { Metadata } from "next";
import { ApplicationForm } from "@/components/settings/application-form";
import { ScimCard } from "@/components/settings/sign-in/scim-card";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { getScimSettings } from "@/lib/scim/scim-settings";
import { scimBaseUrl } from "@/lib/scim/scim-route";
import { getSmsSettings } from "@/lib/settings/get-sms-settings";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";

export const metadata: Metadata = { title: "Application" };

export default async function ApplicationPage() {
  const actor = await requirePermission("applicationSettings.edit");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [settings, changes, institution, scim] = await Promise.all([
    getSmsSettings({ ctx }),
    listSettingsChanges({ ctx, input: { scopes: ["APPLICATION"] } }),
    getInstitutionSummary(ctx.db, actor.institutionId),
    getScimSettings({ ctx }),
  ]);
  return (
    <>
      <PageHeader title="Application" description="Application-wide settings of your institution." />
      <ApplicationForm smsMaxLength={settings.smsMaxLength} />
      <SettingsChanges changes={changes} timeZone={institution?.timeZone ?? "UTC"} />
      {/* Issue 19.4: here until Administration → Sign-in exists (the lead moves it at merge). */}
      <div className="mt-10">
        <ScimCard settings={scim} baseUrl={scimBaseUrl()} timeZone={institution?.timeZone ?? "UTC"} />
      </div>
    </>
  );
}
