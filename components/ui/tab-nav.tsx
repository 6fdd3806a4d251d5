"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type Tab = { href: string; label: string };

/**
 * Tabs that are nested routes: a labelled nav of links, the current one marked with
 * `aria-current="page"`. `match: "prefix"` keeps a tab current on its sub-pages; "exact" is for
 * a tab whose path is the parent of another tab's.
 */
export function TabNav({ label, tabs, match = "prefix", className = "mb-6" }: { label: string; tabs: readonly Tab[]; match?: "prefix" | "exact"; className?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={`${className} border-b border-slate-200`}>
      <ul className="-mb-px flex gap-4">
        {tabs.map((tab) => {
          const current = pathname === tab.href || (match === "prefix" && pathname.startsWith(`${tab.href}/`));
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
