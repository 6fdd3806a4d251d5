import type { Metadata } from "next";
import { ApplicationForm } from "@/components/settings/application-form";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { getSmsSettings } from "@/lib/settings/get-sms-settings";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";

export const metadata: Metadata = { title: "Application" };

export default async function ApplicationPage() {
  const actor = await requirePermission("applicationSettings.edit");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [settings, changes, institution] = await Promise.all([
    getSmsSettings({ ctx }),
    listSettingsChanges({ ctx, input: { scopes: ["APPLICATION"] } }),
    getInstitutionSummary(ctx.db, actor.institutionId),
  ]);
  return (
    <>
      <PageHeader title="Application" description="Application-wide settings of your institution." />
      <ApplicationForm smsMaxLength={settings.smsMaxLength} />
      <SettingsChanges changes={changes} timeZone={institution?.timeZone ?? "UTC"} />
    </>
  );
}
