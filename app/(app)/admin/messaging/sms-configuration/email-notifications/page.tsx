import type { Metadata } from "next";
import { EmailNotificationsForm } from "@/components/settings/email-notifications-form";
import { SettingsChanges } from "@/components/settings/settings-changes";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { getEnv } from "@/lib/env";
import { getSmsSettings } from "@/lib/settings/get-sms-settings";
import { listSettingsChanges } from "@/lib/settings/list-settings-changes";

export const metadata: Metadata = { title: "Email Notifications · SMS Configuration" };

export default async function EmailNotificationsPage() {
  const actor = await requirePermission("smsSettings.read");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [settings, changes, institution] = await Promise.all([
    getSmsSettings({ ctx }),
    listSettingsChanges({ ctx, input: { scopes: ["SMS_EMAIL"] } }),
    getInstitutionSummary(ctx.db, actor.institutionId),
  ]);
  return (
    <>
      <p className="mb-6 max-w-3xl text-sm text-slate-600">
        This email tells a staff member that someone replied to their text. It is used for nothing else.
      </p>
      <EmailNotificationsForm
        subject={settings.replyEmailSubject}
        body={settings.replyEmailBody}
        staffName={actor.displayName}
        conversationLink={`${getEnv().PUBLIC_BASE_URL.replace(/\/+$/, "")}/messages`}
        readOnly={!can(actor, "smsSettings.edit")}
      />
      <SettingsChanges changes={changes} timeZone={institution?.timeZone ?? "UTC"} />
    </>
  );
}
