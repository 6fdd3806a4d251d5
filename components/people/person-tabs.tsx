"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The person's tabs (nested routes); the current one is marked with `aria-current="page"`. */
export function PersonTabs({ personId }: { personId: string }) {
  const pathname = usePathname();
  const tabs = [
    { href: `/people/${personId}/profile`, label: "Profile" },
    { href: `/people/${personId}/messages`, label: "Messages" },
  ];
  return (
    <nav aria-label="Person" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {tabs.map((tab) => {
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
