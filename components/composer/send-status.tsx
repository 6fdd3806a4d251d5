"use client";

import { Alert } from "@/components/ui/alert";
import { refusalSentence } from "./decision-labels";
import type { BulkSendState, SendTotals } from "./use-bulk-send";

const n = (v: number) => v.toLocaleString("en-US");

/** Messages the worker has finished with for now (handed over, failed, refused, or held for quiet hours). */
function handedOver(t: SendTotals): number {
  return t.progress ? t.progress.total - t.progress.waiting : 0;
}

/** The progress bar of a send: messages handed to Twilio or the email provider, out of all recipients. */
export function SendProgressBar({ state }: { state: Extract<BulkSendState, { phase: "sending" }> }) {
  if (state.batchId === null) {
    return (
      <p className="text-sm font-medium text-slate-900" role="status">
        Storing your send… Once it is stored, it goes out even if you close this window.
      </p>
    );
  }
  const max = Math.max(state.requested - state.unknown, 1);
  const done = Math.min(handedOver(state), max);
  const pct = Math.round((done / max) * 100);
  // Held texts are done for now (they go when their window opens), but not sent.
  const held = Math.min(state.progress?.held ?? 0, done);
  const sentText = `${n(done - held)} of ${n(max)} sent${held > 0 ? `, ${n(held)} held for quiet hours` : ""}`;
  return (
    <div className="space-y-2">
      <p id="send-progress-label" className="text-sm font-medium text-slate-900">
        Sending to {n(state.requested - state.unknown)} {state.requested - state.unknown === 1 ? "recipient" : "recipients"}…
      </p>
      <div
        role="progressbar"
        aria-labelledby="send-progress-label"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={done}
        aria-valuetext={sentText}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-blue-700 transition-[width] duration-300" style={{ width: `${pct}%` }} />
      </div>
      <p className="text-xs text-slate-600">
        {sentText} ({pct}%) · {n(state.stored)} stored and queued. You may close this window: the send goes on.
      </p>
    </div>
  );
}

/** After Send: what was decided and what the worker has done so far. */
export function SendSummary({ state }: { state: Extract<BulkSendState, { phase: "done" }> }) {
  const { decisions, progress } = state;
  if (state.error) return <Alert tone="error">{state.error}</Alert>;
  if (state.refused) return <Alert tone="error">{refusalSentence(state.refused)}</Alert>;
  const failedAfter = progress ? Math.max(progress.failed - decisions.undeliverable, 0) : 0;
  return (
    <section aria-labelledby="send-summary-heading" className="space-y-2">
      <h3 id="send-summary-heading" className="text-base font-semibold text-slate-900">
        Sent
      </h3>
      <dl aria-label="Send summary" className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        <Item term="Texts" value={decisions.texts} />
        <Item term="Emails" value={decisions.emails} />
        <Item term="Not delivered" value={decisions.undeliverable} />
        <Item term="Delivered texts" value={progress?.delivered ?? 0} />
        <Item term="Failed after sending" value={failedAfter} />
        <Item term="Resent by email" value={progress?.fallbackEmails ?? 0} />
        {progress?.held ? <Item term="Held for quiet hours" value={progress.held} /> : null}
      </dl>
      {progress?.held ? (
        <p className="text-sm text-slate-700">
          {n(progress.held)} {progress.held === 1 ? "text is" : "texts are"} held for quiet hours: each goes when its recipient&apos;s window
          opens (8:00 AM on their clock by default). The Sends page follows it.
        </p>
      ) : null}
      {state.unknown > 0 ? <p className="text-sm text-slate-700">{n(state.unknown)} not found in your institution; nothing sent to them.</p> : null}
      {state.monthly ? (
        <p className="text-sm text-slate-700">
          Monthly texts left: {n(Math.max(state.monthly.limit - state.monthly.used, 0))} of {n(state.monthly.limit)}.
        </p>
      ) : null}
      {state.stalled && progress ? (
        <Alert tone="info">{n(progress.waiting)} messages are still waiting to be sent; they go out as soon as the sending service catches up.</Alert>
      ) : null}
    </section>
  );
}

function Item({ term, value }: { term: string; value: number }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-600">{term}</dt>
      <dd className="text-lg font-semibold text-slate-900">{n(value)}</dd>
    </div>
  );
}
