"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const BASE = "/admin/messaging/sms-configuration";
const TABS = [
  { href: `${BASE}/general`, label: "General Settings" },
  { href: `${BASE}/email-notifications`, label: "Email Notifications" },
  { href: `${BASE}/twilio`, label: "Twilio" },
] as const;

/** SMS Configuration's tabs (nested routes, SPEC §3 labels); the current one is `aria-current="page"`. */
export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="SMS Configuration" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {TABS.map((tab) => {
          const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`block border-b-2 px-1 py-2 text-sm font-medium ${
                  current ? "border-blue-700 text-blue-800" : "border-transparent text-slate-600 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
