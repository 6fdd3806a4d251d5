import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-actor";

/** SMS Configuration: one heading, its tabs as nested routes (SPEC §3). Each page checks access again. */
export default async function SmsConfigurationLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("smsSettings.read");
  return (
    <>
      <PageHeader title="SMS Configuration" description="How texts are sent from your institution through its system-assigned Twilio numbers." />
      <SettingsTabs />
      {children}
    </>
  );
}
