"use client";

import { useEffect } from "react";
import type { ActionResult } from "@/lib/action";

/**
 * Tells the server the owner has seen the thread up to `throughMessageId` — when shown, when a
 * new message is rendered, and when the tab becomes visible again — so unread counts clear.
 */
export function MarkRead({
  conversationId,
  throughMessageId,
  action,
}: {
  conversationId: string;
  throughMessageId: number;
  action: (input: { conversationId: string; throughMessageId: number }) => Promise<ActionResult<unknown>>;
}) {
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState === "visible") void action({ conversationId, throughMessageId }).catch(() => undefined);
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [conversationId, throughMessageId, action]);
  return null;
}
