import type { SendOutcomes } from "@/lib/messaging/send/get-send-outcomes";
import { formatDuration, percentOf } from "@/lib/messaging/send/send-outcome-figures";

const n = (v: number) => v.toLocaleString("en-US");
const pct = (v: number | null) => (v === null ? "—" : `${v.toLocaleString("en-US", { maximumFractionDigits: 1 })} %`);

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  const id = `figure-${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <div role="group" aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dl>
        <dt id={id} className="text-sm font-medium text-slate-600">
          {label}
        </dt>
        <dd className="mt-1 text-2xl font-semibold text-slate-900">{value}</dd>
        <dd className="mt-1 text-sm text-slate-600">{detail}</dd>
      </dl>
    </div>
  );
}

/**
 * A send's headline figures (issue 18 item 1): every percentage is of its texts; emails are
 * counted apart. The words say what each figure counts, so no one has to guess.
 */
export function SendOutcomeFigures({ outcomes, ownSend, asOf }: { outcomes: SendOutcomes; ownSend: boolean; asOf?: string }) {
  const { texts, replies, optOuts, firstAnswer, emails } = outcomes;
  const of = `of ${n(texts.total)} ${texts.total === 1 ? "text" : "texts"}`;
  const pending = [texts.inFlight > 0 ? `${n(texts.inFlight)} on the way` : null, texts.held > 0 ? `${n(texts.held)} held for quiet hours` : null].filter(Boolean);
  const emailDetail =
    [
      emails.total > 0 ? `${n(emails.total)} instead of a text (${n(emails.sent)} sent${emails.failed > 0 ? `, ${n(emails.failed)} failed` : ""})` : null,
      emails.inPlaceOfFailedTexts > 0 ? `${n(emails.inPlaceOfFailedTexts)} in place of ${emails.inPlaceOfFailedTexts === 1 ? "a failed text" : "failed texts"}` : null,
      outcomes.undeliverable > 0 ? `${n(outcomes.undeliverable)} undeliverable` : null,
      outcomes.refused > 0 ? `${n(outcomes.refused)} refused` : null,
    ]
      .filter(Boolean)
      .join(" · ") || "No email went.";
  return (
    <section aria-labelledby="send-figures-heading" className="mb-6">
      <h2 id="send-figures-heading" className="sr-only">
        Figures
      </h2>
      {asOf ? <p className="mb-2 text-sm text-slate-600">{asOf}</p> : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Figure label="Delivered" value={pct(texts.deliveredPercent)} detail={`${n(texts.delivered)} ${of}${pending.length ? ` · ${pending.join(", ")}` : ""}`} />
        <Figure label="Failed" value={n(texts.failed)} detail={texts.failed === 0 ? "No text failed." : `${pct(percentOf(texts.failed, texts.total))} ${of}; by reason below`} />
        <Figure label="Replied within 24 h" value={pct(replies.percent)} detail={`${n(replies.within24h)} ${of}`} />
        <Figure label="Opted out after it" value={pct(optOuts.percent)} detail={`${n(optOuts.count)} ${of}`} />
        <Figure
          label={ownSend ? "Median time to your first answer" : "Median time to the sender's first answer"}
          value={firstAnswer.medianSeconds === null ? "—" : formatDuration(firstAnswer.medianSeconds)}
          detail={firstAnswer.answered === 0 ? "No reply answered by text yet." : `Over ${n(firstAnswer.answered)} ${firstAnswer.answered === 1 ? "reply" : "replies"} answered by text`}
        />
        <Figure
          label="Emails"
          value={n(emails.total + emails.inPlaceOfFailedTexts)}
          detail={emailDetail}
        />
      </div>
    </section>
  );
}

/** Failed texts by reason, in words (the code on hover; the CSV and the API keep the code). */
export function FailedByReason({ reasons }: { reasons: SendOutcomes["failedByReason"] }) {
  if (reasons.length === 0) return null;
  return (
    <section aria-labelledby="failed-reasons-heading" className="mb-6">
      <h2 id="failed-reasons-heading" className="mb-2 text-lg font-semibold text-slate-900">
        Failed texts by reason
      </h2>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
          <caption className="sr-only">Failed texts by reason</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="px-4 py-2 font-semibold text-slate-700">
                Reason
              </th>
              <th scope="col" className="px-4 py-2 text-right font-semibold text-slate-700">
                Texts
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {reasons.map((r) => (
              <tr key={r.reasonCode ?? "none"}>
                <th scope="row" className="px-4 py-2 font-normal text-slate-900" title={r.reasonCode ?? undefined}>
                  {r.label}
                </th>
                <td className="px-4 py-2 text-right tabular-nums">{n(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
