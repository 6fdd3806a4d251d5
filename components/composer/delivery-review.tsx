"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action";
import { reasonLabel } from "@/lib/messaging/reason-labels";
import type { DeliveryPreview, PreviewReason } from "@/lib/messaging/send/preview-delivery";
import { formatPhone } from "@/lib/e164";
import { destinationLabel, outcomeLabel, refusalSentence, whyLabel } from "./decision-labels";

const n = (v: number) => v.toLocaleString("en-US");

/**
 * Review before Send (SPEC §4, §9): the summary by outcome and reason, then the per-recipient
 * decisions (the text's number and why, or the email and why) a page at a time, each page asked
 * of the server, so a send of 50,000 never brings 50,000 rows to the browser.
 */
export function DeliveryReview({ preview, loadPage }: { preview: DeliveryPreview; loadPage: (page: number) => Promise<ActionResult<DeliveryPreview>> }) {
  const [shownPage, setShownPage] = useState<DeliveryPreview>(preview);
  const [pageError, setPageError] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const { summary, monthly } = preview;
  const pages = Math.max(Math.ceil(shownPage.total / shownPage.pageSize), 1);
  // SPEC §10: with merge fields or a first-contact footer, each recipient's own text is listed.
  const ownTexts = preview.personalized || (preview.firstContact?.texts ?? 0) > 0;
  function go(page: number) {
    setPageError(null);
    startLoading(async () => {
      const result = await loadPage(page);
      if (result.ok) setShownPage(result.data);
      else setPageError(result.error);
    });
  }
  return (
    <section aria-labelledby="review-heading" className="space-y-3">
      <h3 id="review-heading" className="text-base font-semibold text-slate-900">
        Review
      </h3>
      {preview.refused && preview.refused !== "EMPTY_MERGE_FIELD" ? <Alert tone="error">{refusalSentence(preview.refused)}</Alert> : null}
      <dl aria-label="Delivery summary" className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <SummaryItem term="Texts" value={summary.texts} />
        <SummaryItem term="Emails" value={summary.emails} />
        <SummaryItem term="Not delivered" value={summary.undeliverable} />
        <SummaryItem term="Refused" value={summary.refused} />
      </dl>
      {preview.reasons.some((r) => r.outcome !== "SMS") ? <ReasonList reasons={preview.reasons} /> : null}
      <p className="text-sm text-slate-700">
        Monthly texts left: {monthly.left.toLocaleString("en-US")} of {monthly.limit.toLocaleString("en-US")}
        {summary.texts > 0 ? ` (${(monthly.left - summary.texts).toLocaleString("en-US")} after this send)` : ""}.{" "}
        {preview.senderNumber
          ? `Texts go from your number ${formatPhone(preview.senderNumber)}.`
          : preview.assignsNumber
            ? "You'll be given a number from the institution's pool on this first send."
            : ""}
      </p>
      <TextLengths preview={preview} />
      <QuietHoursNote quietHours={preview.quietHours} />
      {preview.unknownRecipientIds.length > 0 ? (
        <Alert tone="info">
          {preview.unknownRecipientIds.length} selected {preview.unknownRecipientIds.length === 1 ? "person is" : "people are"} no longer
          in your institution's records and will get nothing.
        </Alert>
      ) : null}
      <div role="group" aria-label="Delivery per recipient" tabIndex={0} className="relative max-h-80 overflow-auto rounded-md border border-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
          <caption className="sr-only">Delivery per recipient</caption>
          <thead className="sticky top-0 bg-slate-50">
            <tr>
              <th scope="col" className="px-3 py-2 font-semibold text-slate-700">Recipient</th>
              <th scope="col" className="px-3 py-2 font-semibold text-slate-700">Delivery</th>
              <th scope="col" className="px-3 py-2 font-semibold text-slate-700">To</th>
              <th scope="col" className="px-3 py-2 font-semibold text-slate-700">Why</th>
              {ownTexts ? <th scope="col" className="px-3 py-2 font-semibold text-slate-700">Their text</th> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shownPage.recipients.map((r) => (
              <tr key={r.recipientId}>
                <th scope="row" className="px-3 py-1.5 font-medium text-slate-900">{r.name}</th>
                <td className="px-3 py-1.5 text-slate-700">{outcomeLabel(r.outcome)}</td>
                <td className="whitespace-nowrap px-3 py-1.5 text-slate-700">{destinationLabel(r)}</td>
                <td className={`px-3 py-1.5 text-slate-700 ${ownTexts ? "min-w-44" : ""}`.trim()} title={r.outcome === "SMS" ? undefined : (r.reasonCode ?? r.why ?? undefined)}>
                  {whyLabel(r)}
                </td>
                {ownTexts ? (
                  <td className="min-w-64 whitespace-pre-wrap px-3 py-1.5 text-slate-700">
                    {r.text}
                    {r.firstContact ? <span className="sr-only"> (first contact: the footer is added)</span> : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Pages of recipients" className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <Button variant="secondary" onClick={() => go(shownPage.page - 1)} disabled={loading || shownPage.page === 0}>
            Previous
          </Button>
          <span aria-live="polite">
            {loading
              ? "Loading…"
              : `Recipients ${n(shownPage.page * shownPage.pageSize + 1)}–${n(shownPage.page * shownPage.pageSize + shownPage.recipients.length)} of ${n(shownPage.total)}`}
          </span>
          <Button variant="secondary" onClick={() => go(shownPage.page + 1)} disabled={loading || shownPage.page + 1 >= pages}>
            Next
          </Button>
        </nav>
      ) : null}
      {pageError ? <Alert tone="error">{pageError}</Alert> : null}
    </section>
  );
}

/** Who will not get a text and why, counted: what a large send's Review is read for. */
function ReasonList({ reasons }: { reasons: readonly PreviewReason[] }) {
  return (
    <ul aria-label="Not by text, by reason" className="space-y-0.5 text-sm text-slate-700">
      {reasons
        .filter((r) => r.outcome !== "SMS")
        .map((r) => (
          <li key={`${r.outcome}-${r.reason ?? ""}`}>
            <span className="font-medium text-slate-900">{n(r.count)}</span> {r.outcome === "EMAIL" ? "by email" : outcomeLabel(r.outcome).toLowerCase()}
            {r.reason ? ` — ${reasonLabel(r.reason)}` : ""}
          </li>
        ))}
    </ul>
  );
}

/** SPEC §10: smsMaxLength and segments apply to each recipient's text; Review names the longest and the send's total. */
function TextLengths({ preview }: { preview: DeliveryPreview }) {
  const { body, firstContact } = preview;
  const tooLong = body.characters > body.smsMaxLength;
  return (
    <p className={`text-sm ${tooLong ? "font-medium text-red-700" : "text-slate-700"}`}>
      {preview.personalized || (firstContact?.texts ?? 0) > 0 ? "Longest text" : "Text"}: {n(body.characters)} / {n(body.smsMaxLength)} characters,{" "}
      {body.segments} {body.segments === 1 ? "segment" : "segments"} ({body.encoding}). All texts of this send: {n(body.totalSegments)}{" "}
      {body.totalSegments === 1 ? "segment" : "segments"}.
      {firstContact && firstContact.texts > 0
        ? ` ${n(firstContact.texts)} ${firstContact.texts === 1 ? "person gets" : "people get"} their first text from us, with the footer “${firstContact.footer}”.`
        : ""}
    </p>
  );
}

function SummaryItem({ term, value }: { term: string; value: number }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-600">{term}</dt>
      <dd className="text-lg font-semibold text-slate-900">{value.toLocaleString("en-US")}</dd>
    </div>
  );
}

/** SPEC §9: how many texts quiet hours would hold if this went now, and until when on the recipients' clocks. */
function QuietHoursNote({ quietHours }: { quietHours: DeliveryPreview["quietHours"] }) {
  if (quietHours.held.length === 0) return null;
  const total = quietHours.held.reduce((n, g) => n + g.count, 0);
  return (
    <Alert tone="info">
      <p>
        Quiet hours: {total.toLocaleString("en-US")} {total === 1 ? "text" : "texts"} would be held if sent now, and go when the
        recipient&apos;s window opens:
      </p>
      <ul className="mt-1 list-disc pl-5">
        {quietHours.held.map((g) => (
          <li key={`${g.timeZone}-${g.until}`}>
            {g.count.toLocaleString("en-US")} until{" "}
            {new Intl.DateTimeFormat("en-US", { timeZone: g.timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(
              new Date(g.until),
            )}{" "}
            {g.zoneName}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
