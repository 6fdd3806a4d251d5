"use client";

import { useRouter } from "next/navigation";
import { useLiveChange } from "@/components/live/live-events";
import { liveEventMatches, type LiveWatch } from "@/components/live/live-match";

/**
 * Keeps a server-rendered view current without a reload or polling (issue 18 item 4): when a
 * live event about what the page shows arrives (or the stream reconnected and may have missed
 * one), the page is re-rendered from the server. `since`: when the server rendered the page
 * (Date.now() there), so what happened between the render and the stream is not missed. The server stays the one place that renders
 * messages; the event carries ids only. `debounceMs`: at most one refresh per this (a send's
 * results change with every status callback of its texts).
 */
export function LiveRefresh({ watch, since, debounceMs }: { watch: LiveWatch; since: number; debounceMs?: number }) {
  const router = useRouter();
  useLiveChange(
    (event) => liveEventMatches(watch, event),
    () => router.refresh(),
    { since, debounceMs },
  );
  return null;
}
