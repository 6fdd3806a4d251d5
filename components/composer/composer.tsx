"use client";

import { useEffect, useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { DeliveryPreview } from "@/lib/messaging/send/preview-delivery";
import { countCharacters } from "@/lib/messaging/send/segments";
import { refusalSentence } from "./decision-labels";
import { DeliveryReview } from "./delivery-review";
import { MessageBodyField } from "./message-body-field";
import { MissingFields } from "./missing-fields";
import { ScheduledNotice, SendLater, type ScheduledSend } from "./send-later";
import { SendResults } from "./send-results";
import { SendProgressBar, SendSummary } from "./send-status";
import type { ComposerActions, ComposerRecipients } from "./types";
import { useBulkSend } from "./use-bulk-send";

/**
 * Write → Review → Send → summary (SPEC §4). Review shows, with nothing stored, what will happen
 * for each recipient (summarised by outcome, then a page at a time); Send submits the whole
 * audience once (SPEC §9) through the same `sendMessages` as the API and follows the stored send
 * with a progress bar. Closing the composer stops only the following. A sender who is not permitted (SPEC §4.1: the whole
 * send is refused) is told so once, before typing: the message field and Review are disabled and
 * point at that explanation (issue 15.6).
 */
export function Composer({
  recipients,
  smsMaxLength,
  permitted,
  actions,
  onClose,
  onBusyChange,
}: {
  recipients: ComposerRecipients;
  smsMaxLength: number;
  permitted: boolean;
  actions: ComposerActions;
  onClose: () => void;
  /** Told when a send starts and ends, so the dialog is not closed halfway. */
  onBusyChange?: (busy: boolean) => void;
}) {
  const id = useId();
  const [body, setBody] = useState("");
  /** The template or saved reply the body came from (SPEC §10), recorded on the send. */
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [preview, setPreview] = useState<DeliveryPreview | null>(null);
  /** Each Review is a new review: its page of recipients starts from the preview just asked for. */
  const [reviews, setReviews] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { state, send } = useBulkSend(actions);
  const [scheduled, setScheduled] = useState<{ send: ScheduledSend; timeZone: string } | null>(null);
  const [later, setLater] = useState(false);
  const tooLong = countCharacters(body) > smsMaxLength;
  // Busy only until the send is stored: from then on it goes on without this window.
  const submitting = state.phase === "sending" && state.batchId === null;
  useEffect(() => onBusyChange?.(submitting), [submitting, onBusyChange]);

  function review(text = body) {
    setError(null);
    startTransition(async () => {
      const result = await actions.preview({ audience: recipients.audience, body: text, page: 0 });
      if (result.ok) {
        setPreview(result.data);
        setReviews((n) => n + 1);
      }
      else setError(result.fieldErrors.body ?? result.fieldErrors["audience.recipientIds"] ?? result.error);
    });
  }

  if (scheduled) return <ScheduledNotice scheduled={scheduled.send} timeZone={scheduled.timeZone} onClose={onClose} />;
  if (state.phase === "sending") return <SendProgressBar state={state} />;
  if (state.phase === "done") {
    return (
      <div className="space-y-4">
        <SendSummary state={state} />
        {state.batchId && !state.error ? <SendResults batchIds={[state.batchId]} actions={actions} permitted={permitted} /> : null}
        <div className="flex justify-end">
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">To: {recipients.label}</p>
      {!permitted ? (
        <Alert tone="error" id={`${id}-not-permitted`}>
          {refusalSentence("SENDER_NOT_PERMITTED")}
        </Alert>
      ) : null}
      {preview ? (
        <>
          <blockquote className="whitespace-pre-wrap rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-900">{body}</blockquote>
          {preview.missingFields ? (
            <MissingFields
              missing={preview.missingFields}
              body={body}
              pending={pending}
              onFix={(fixed) => {
                setBody(fixed);
                review(fixed);
              }}
            />
          ) : null}
          <DeliveryReview key={reviews} preview={preview} loadPage={(page) => actions.preview({ audience: recipients.audience, body, page })} />
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => setPreview(null)}>
              Edit message
            </Button>
            {actions.later ? (
              <SendLater
                audience={recipients.audience}
                body={body}
                templateId={templateId ?? undefined}
                disabled={preview.refused !== null || preview.total === 0}
                actions={actions.later}
                onScheduled={(send, timeZone) => setScheduled({ send, timeZone })}
                onOpenChange={setLater}
              />
            ) : null}
            {later ? null : (
              <Button
                onClick={() => void send({ audience: recipients.audience, body, ...(templateId ? { templateId } : {}) })}
                disabled={preview.refused !== null || preview.total === 0}
              >
                Send to {preview.total.toLocaleString("en-US")} {preview.total === 1 ? "recipient" : "recipients"}
              </Button>
            )}
          </div>
        </>
      ) : (
        <>
          <MessageBodyField
            id={`${id}-body`}
            value={body}
            onChange={setBody}
            onTemplate={setTemplateId}
            loadTemplates={actions.templates}
            smsMaxLength={smsMaxLength}
            disabled={pending || !permitted}
          />
          {error ? <Alert tone="error">{error}</Alert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button
              onClick={() => review()}
              disabled={pending || !permitted || body.trim() === "" || tooLong}
              aria-describedby={permitted ? undefined : `${id}-not-permitted`}
            >
              {pending ? "Checking…" : "Review"}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
