"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/**
 * Keeps a server-rendered view current without a reload: every few seconds, while the tab is
 * visible, asks `versionUrl` for `{ version }` and re-renders the page from the server when it
 * changed. The server stays the one place that renders messages; a poll costs one small query.
 */
export function LiveRefresh({ versionUrl, version, intervalMs = 3000 }: { versionUrl: string; version: string; intervalMs?: number }) {
  const router = useRouter();
  const seen = useRef(version);
  useEffect(() => {
    seen.current = version;
  }, [version]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    async function poll() {
      if (document.visibilityState === "visible") {
        try {
          const res = await fetch(versionUrl, { cache: "no-store", headers: { accept: "application/json" } });
          if (res.ok) {
            const body = (await res.json()) as { version?: unknown };
            if (typeof body.version === "string" && body.version !== seen.current) {
              seen.current = body.version;
              router.refresh();
            }
          }
        } catch {
          // Offline or the server restarting: the next poll tries again.
        }
      }
      if (!stopped) timer = setTimeout(poll, intervalMs);
    }
    timer = setTimeout(poll, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [versionUrl, intervalMs, router]);
  return null;
}
