"use client";

import { useEffect, useRef, useState } from "react";
import { runBulkSend, type BulkSendDeps, type SendTotals } from "./bulk-send";
import type { ComposerSendInput } from "@/lib/messaging/send/audience-schema";
import type { ComposerActions } from "./types";

export type { SendTotals } from "./bulk-send";

export type BulkSendState =
  | { phase: "idle" }
  | ({ phase: "sending" } & SendTotals)
  | ({ phase: "done"; stalled: boolean; error: string | null } & SendTotals);

/**
 * Send from the composer as React state: `runBulkSend` (bulk-send.ts) submits the whole audience
 * once and follows the stored send by its id, so the bar shows real progress; this hook shows
 * each step and the outcome, and stops following (only following: the send goes on on the
 * server) when the composer unmounts.
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

  const send = (request: ComposerSendInput) => sendAsStates({ actions, setState, isAlive: () => alive.current }, request);

  return { state, send, reset: () => setState({ phase: "idle" }) };
}

export type SendAsStatesDeps = Pick<BulkSendDeps, "actions" | "isAlive" | "now" | "waitForChange"> & {
  setState: (state: BulkSendState) => void;
};

/**
 * The hook's behaviour without React: each step of `runBulkSend` becomes a `sending` state and
 * its outcome a `done` state, each a copy of the totals at that moment (runBulkSend updates one
 * object in place, and React must see each step as a new value). Nothing is set once nobody
 * watches (`isAlive` false: the composer closed).
 */
export async function sendAsStates(deps: SendAsStatesDeps, request: ComposerSendInput): Promise<void> {
  const { setState, isAlive } = deps;
  const { totals, stalled, error } = await runBulkSend(
    {
      actions: deps.actions,
      isAlive,
      now: deps.now,
      waitForChange: deps.waitForChange,
      onProgress: (totals) => isAlive() && setState({ phase: "sending", ...structuredClone(totals) }),
    },
    request,
  );
  if (isAlive()) setState({ phase: "done", stalled, error, ...structuredClone(totals) });
}
