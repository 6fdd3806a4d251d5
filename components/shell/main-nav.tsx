"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { useLiveChange } from "@/components/live/live-events";
import { liveEventMatches } from "@/components/live/live-match";

import type { NavBadge, NavItem } from "@/lib/auth/navigation";

export type { NavItem };

/**
 * The badge's count: the server's at first, then asked again whenever the path changes — the
 * layout is not re-rendered on client navigation, and opening a conversation marks it read —
 * and when a live event says the owner's conversations changed (a reply came, another tab read one).
 */
function useBadgeCount(badge: NavBadge | undefined, pathname: string): number {
  const [count, setCount] = useState(badge?.count ?? 0);
  const url = badge?.url;
  const owner = badge?.owner ?? null;
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (!url) return;
    let current = true;
    fetch(url, { cache: "no-store", headers: { accept: "application/json" } })
      .then((res) => (res.ok ? (res.json() as Promise<{ unread?: unknown }>) : null))
      .then((body) => {
        if (current && typeof body?.unread === "number") setCount(body.unread);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [url, pathname, asked]);
  useEffect(() => setCount(badge?.count ?? 0), [badge?.count]);
  const matches = useCallback((event: Parameters<typeof liveEventMatches>[1]) => owner !== null && liveEventMatches({ kind: "inbox", ownerPersonId: owner }, event), [owner]);
  useLiveChange(matches, () => setAsked((n) => n + 1), { enabled: Boolean(url && owner), debounceMs: 300 });
  return count;
}

function Badge({ badge, pathname }: { badge: NavBadge; pathname: string }) {
  const count = useBadgeCount(badge, pathname);
  if (count === 0) return null;
  return (
    <span className="ml-1.5 inline-block min-w-5 rounded-full bg-blue-700 px-1.5 py-0.5 text-center text-xs font-semibold text-white">
      {count.toLocaleString("en-US")}
      <span className="sr-only"> {badge.description}</span>
    </span>
  );
}

function isActive(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** The app's main navigation; the current section is marked with `aria-current="page"`. */
export function MainNav({ items }: { items: readonly NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1 whitespace-nowrap pr-12 sm:flex-wrap sm:pr-0">
        {items.map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-medium ${
                  active ? "bg-blue-50 text-blue-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                }`}
              >
                {item.label}
                {item.badge ? <Badge badge={item.badge} pathname={pathname} /> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
