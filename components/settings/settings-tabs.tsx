import { TabNav } from "@/components/ui/tab-nav";

const BASE = "/admin/messaging/sms-configuration";
const TABS = [
  { href: `${BASE}/general`, label: "General Settings" },
  { href: `${BASE}/email-notifications`, label: "Email Notifications" },
  { href: `${BASE}/quiet-hours`, label: "Quiet Hours" },
  { href: `${BASE}/twilio`, label: "Twilio" },
] as const;

/** SMS Configuration's tabs (nested routes, SPEC §3 labels). */
export function SettingsTabs() {
  return <TabNav label="SMS Configuration" tabs={TABS} />;
}
