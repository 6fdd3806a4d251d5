"use client";

import { useEffect, useRef, useState } from "react";
import { runBulkSend, type SendTotals } from "./bulk-send";
import type { ComposerActions } from "./types";

export type { SendTotals } from "./bulk-send";

export type BulkSendState =
  | { phase: "idle" }
  | ({ phase: "sending" } & SendTotals)
  | ({ phase: "done"; stalled: boolean; error: string | null } & SendTotals);

/**
 * Send from the composer as React state: `runBulkSend` (bulk-send.ts) sends the recipients in
 * chunks and follows the stored statuses, so the bar shows real progress; this hook shows each
 * step and the outcome, and stops following when the composer unmounts.
 */
export function useBulkSend(actions: ComposerActions) {
  const [state, setState] = useState<BulkSendState>({ phase: "idle" });
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  async function send(recipientIds: readonly string[], body: string) {
    const { totals, stalled, error } = await runBulkSend(
      {
        actions,
        isAlive: () => alive.current,
        onProgress: (totals) => alive.current && setState({ phase: "sending", ...totals }),
      },
      recipientIds,
      body,
    );
    if (alive.current) setState({ phase: "done", stalled, error, ...totals });
  }

  return { state, send, reset: () => setState({ phase: "idle" }) };
}
