import type { Metadata } from "next";
import { GeneralSettingsForm } from "@/components/settings/general-settings-form";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { getSettingsOptions } from "@/lib/settings/get-settings-options";
import { getSmsSettings } from "@/lib/settings/get-sms-settings";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";

export const metadata: Metadata = { title: "General Settings · SMS Configuration" };

export default async function GeneralSettingsPage() {
  const actor = await requirePermission("smsSettings.read");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [settings, options, changes, institution] = await Promise.all([
    getSmsSettings({ ctx }),
    getSettingsOptions({ ctx }),
    listSettingsChanges({ ctx, input: { scopes: ["SMS_GENERAL"] } }),
    getInstitutionSummary(ctx.db, actor.institutionId),
  ]);
  const names = {
    phoneTypes: new Map(options.phoneTypes.map((t) => [t.srcSystemId, t.name])),
    roles: new Map(options.staffRoles.map((r) => [r.code, r.name])),
  };
  return (
    <>
      <GeneralSettingsForm settings={settings} options={options} readOnly={!can(actor, "smsSettings.edit")} />
      <SettingsChanges changes={changes} timeZone={institution?.timeZone ?? "UTC"} names={names} />
    </>
  );
}
