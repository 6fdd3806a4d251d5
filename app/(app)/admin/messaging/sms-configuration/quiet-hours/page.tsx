import type { Metadata } from "next";
import { QuietHoursForm } from "@/components/settings/quiet-hours-form";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { getSmsSettings } from "@/lib/settings/get-sms-settings";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";

export const metadata: Metadata = { title: "Quiet Hours · SMS Configuration" };

/** SMS Configuration → Quiet Hours (SPEC §9). */
export default async function QuietHoursPage() {
  const actor = await requirePermission("smsSettings.read");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [settings, changes, institution] = await Promise.all([
    getSmsSettings({ ctx }),
    listSettingsChanges({ ctx, input: { scopes: ["SMS_QUIET_HOURS"] } }),
    getInstitutionSummary(ctx.db, actor.institutionId),
  ]);
  return (
    <>
      <div className="mb-6 max-w-3xl space-y-2 text-sm text-slate-600">
        <p>
          With quiet hours on, a text reaches a phone only between 8:00 AM and 9:00 PM in the recipient&apos;s own time zone; a text sent outside those hours is held and goes when the window opens. Emails are never held.
        </p>
        <p>
          States with stricter rules (such as Florida, Texas or Rhode Island) are applied automatically, from the state and time zone on the person&apos;s profile, else from the phone number&apos;s area code.
        </p>
      </div>
      <QuietHoursForm settings={settings} readOnly={!can(actor, "smsSettings.edit")} />
      <SettingsChanges changes={changes} timeZone={institution?.timeZone ?? "UTC"} />
    </>
  );
}
