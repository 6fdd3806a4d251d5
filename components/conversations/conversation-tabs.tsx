"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** My conversations / Unmatched (administrators): nested routes, the current one marked. */
export function ConversationTabs({ showUnmatched }: { showUnmatched: boolean }) {
  const pathname = usePathname();
  const tabs = [{ href: "/messages", label: "My conversations" }, ...(showUnmatched ? [{ href: "/messages/unmatched", label: "Unmatched" }] : [])];
  return (
    <nav aria-label="Conversations" className="mb-4 border-b border-slate-200">
      <ul className="-mb-px flex gap-4">
        {tabs.map((tab) => {
          const current = pathname === tab.href;
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
