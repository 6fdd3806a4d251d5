"use client";

import { useEffect, useRef, useState } from "react";
import type { SendProgress } from "@/lib/messaging/send/get-send-progress";
import type { ChunkResult, ComposerActions } from "./types";

/** Recipients per server-action call: the bar moves while a large send is stored. */
export const SEND_CHUNK = 500;
const POLL_MS = 1000;
/** Stop following a send whose hand-over count has not moved for this long (the worker may be down). */
const STALL_MS = 30_000;

export type SendTotals = {
  /** Recipients asked for (distinct ids). */
  requested: number;
  /** Messages stored so far (one per known recipient). */
  stored: number;
  decisions: ChunkResult["summary"];
  unknown: number;
  refused: string | null;
  monthly: ChunkResult["monthly"] | null;
  /** What the worker has done with them, from the stored statuses. */
  progress: SendProgress | null;
};

export type BulkSendState =
  | { phase: "idle" }
  | ({ phase: "sending" } & SendTotals)
  | ({ phase: "done"; stalled: boolean; error: string | null } & SendTotals);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Send from the composer: the recipients go to the server in chunks of SEND_CHUNK (each one
 * `sendMessages` call, stored and queued), then the stored statuses are polled until every
 * message is handed to Twilio or the email provider. The bar therefore shows real progress.
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
    const ids = [...new Set(recipientIds)];
    const totals: SendTotals = {
      requested: ids.length,
      stored: 0,
      decisions: { texts: 0, emails: 0, undeliverable: 0, refused: 0 },
      unknown: 0,
      refused: null,
      monthly: null,
      progress: null,
    };
    const batchIds: string[] = [];
    const show = () => alive.current && setState({ phase: "sending", ...totals });
    const finish = (stalled: boolean, error: string | null) => alive.current && setState({ phase: "done", stalled, error, ...totals });
    const poll = async () => {
      if (batchIds.length === 0) return null;
      const result = await actions.progress({ batchIds: batchIds.slice(-100) });
      if (result.ok) totals.progress = result.data;
      return result.ok ? result.data : null;
    };
    show();

    for (let i = 0; i < ids.length; i += SEND_CHUNK) {
      const chunk = ids.slice(i, i + SEND_CHUNK);
      const result = await actions.sendChunk({ recipientIds: chunk, body });
      if (!result.ok) return finish(false, result.fieldErrors.body ?? result.error);
      const r = result.data;
      if (r.batchId) batchIds.push(r.batchId);
      totals.stored += chunk.length - r.unknown;
      totals.unknown += r.unknown;
      totals.monthly = r.monthly;
      for (const k of Object.keys(totals.decisions) as (keyof SendTotals["decisions"])[]) totals.decisions[k] += r.summary[k];
      if (r.refused) {
        totals.refused = r.refused;
        break;
      }
      await poll();
      show();
    }

    let handled = -1;
    let movedAt = Date.now();
    while (alive.current && batchIds.length > 0) {
      const p = await poll();
      show();
      if (!p || (p.waiting === 0 && p.fallbackWaiting === 0)) return finish(false, null);
      const now = p.total - p.waiting + p.fallbackEmails - p.fallbackWaiting;
      if (now !== handled) {
        handled = now;
        movedAt = Date.now();
      } else if (Date.now() - movedAt > STALL_MS) {
        return finish(true, null);
      }
      await sleep(POLL_MS);
    }
    finish(false, null);
  }

  return { state, send, reset: () => setState({ phase: "idle" }) };
}
