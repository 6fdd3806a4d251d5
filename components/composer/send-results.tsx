"use client";

import Link from "next/link";
import { useCallback, useEffect, useState, useTransition } from "react";
import { useLiveChange } from "@/components/live/live-events";
import { liveEventMatches } from "@/components/live/live-match";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { SendOutcome, SendResults as Results } from "@/lib/messaging/send/get-send-results";
import { conversationHref, OUTCOME_HEADINGS, reportHref, resultDestination, resultWhy } from "./result-labels";
import type { ComposerActions } from "./types";

/** Asked again at most this often while statuses arrive (a large send's callbacks come by the hundred a second). */
const REFRESH_MS = 1000;

const n = (v: number) => v.toLocaleString("en-US");

/**
 * After Send: who got a text, who an email and who nothing, and why — each name opens the
 * conversation — with a link to the Message Report filtered to this send and, when texts
 * failed, "Email those whose text failed". Refreshes when a live event says the send moved on,
 * while statuses are still arriving.
 */
export function SendResults({ batchIds, actions, permitted }: { batchIds: string[]; actions: ComposerActions; permitted: boolean }) {
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [emailNote, setEmailNote] = useState<string | null>(null);
  const [emailing, startEmailing] = useTransition();

  // The same send keeps the same key across the composer's re-renders (a new array each time).
  const key = batchIds.join(",");
  const load = useCallback(async () => {
    const result = await actions.results({ batchIds: key.split(",") });
    if (result.ok) setResults(result.data);
    else setError(result.error);
    return result.ok ? result.data : null;
  }, [actions, key]);

  useEffect(() => {
    void load();
  }, [load]);
  useLiveChange(
    (event) => liveEventMatches({ kind: "sends", batchIds: key.split(",") }, event),
    () => void load(),
    { enabled: results === null || results.unsettled > 0, debounceMs: REFRESH_MS },
  );

  function emailFailed() {
    setEmailNote(null);
    startEmailing(async () => {
      const result = await actions.emailFailed({ batchIds });
      if (!result.ok) return setError(result.error);
      const { emailed, noEmail } = result.data;
      const parts = [emailed === 0 ? "No one else to email: everyone whose text failed has been emailed already." : `Emailed ${n(emailed)} whose text failed.`];
      if (noEmail > 0) parts.push(`${n(noEmail)} ${noEmail === 1 ? "has" : "have"} no email address.`);
      setEmailNote(parts.join(" "));
      await load();
    });
  }

  if (error) return <Alert tone="error">{error}</Alert>;
  if (!results) return <p className="text-sm text-slate-600">Loading who got what…</p>;
  const anyTextFailed = results.results.some((r) => r.textFailure);
  return (
    <section aria-labelledby="send-results-heading" className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h3 id="send-results-heading" className="mr-auto text-base font-semibold text-slate-900">
          Who got what
        </h3>
        {batchIds.length === 1 ? (
          <Link href={`/sends/${batchIds[0]}`} className="text-sm text-blue-700 underline-offset-2 hover:underline">
            See the results of this send
          </Link>
        ) : null}
        <Link href={reportHref(batchIds)} className="text-sm text-blue-700 underline-offset-2 hover:underline">
          See this send in the Message Report
        </Link>
        {anyTextFailed && permitted ? (
          <Button variant="secondary" onClick={emailFailed} disabled={emailing}>
            {emailing ? "Emailing…" : "Email those whose text failed"}
          </Button>
        ) : null}
      </div>
      {results.unsettled > 0 ? (
        <p className="text-xs text-slate-600" aria-live="polite">
          {n(results.unsettled)} still on their way; this list updates as their statuses arrive.
        </p>
      ) : null}
      {emailNote ? <Alert tone="info">{emailNote}</Alert> : null}
      {(["NOTHING", "EMAIL", "TEXT"] as const).map((outcome) => (
        <OutcomeTable key={outcome} outcome={outcome} results={results} batchIds={batchIds} />
      ))}
    </section>
  );
}

function OutcomeTable({ outcome, results, batchIds }: { outcome: SendOutcome; results: Results; batchIds: string[] }) {
  const rows = results.results.filter((r) => r.outcome === outcome);
  const count = results.counts[outcome];
  if (count === 0) return null;
  const heading = `${OUTCOME_HEADINGS[outcome]} (${n(count)})`;
  return (
    <div className="space-y-1">
      <h4 className="text-sm font-semibold text-slate-800">{heading}</h4>
      <div className="max-h-64 overflow-auto rounded-md border border-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
          <caption className="sr-only">{OUTCOME_HEADINGS[outcome]}</caption>
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold text-slate-700">Recipient</th>
              <th scope="col" className="px-3 py-2 font-semibold text-slate-700">To</th>
              <th scope="col" className="px-3 py-2 font-semibold text-slate-700">Why</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => {
              const href = conversationHref(r);
              return (
                <tr key={r.messageId}>
                  <th scope="row" className="px-3 py-1.5 font-medium text-slate-900">
                    {href ? (
                      <Link href={href} className="text-blue-700 hover:underline" title="Open the conversation">
                        {r.name ?? "Unknown"}
                      </Link>
                    ) : (
                      (r.name ?? "Unknown")
                    )}
                  </th>
                  <td className="whitespace-nowrap px-3 py-1.5 text-slate-700">{resultDestination(r)}</td>
                  <td className="px-3 py-1.5 text-slate-700">{resultWhy(r)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {count > rows.length ? (
        <p className="text-xs text-slate-600">
          Showing {n(rows.length)} of {n(count)}. <Link href={reportHref(batchIds)} className="underline">All of them in the Message Report</Link>
        </p>
      ) : null}
    </div>
  );
}
