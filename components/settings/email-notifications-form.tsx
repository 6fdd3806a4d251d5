"use client";

import { useActionState, useState } from "react";
import { submitEmailNotifications } from "@/lib/actions/settings/sms-configuration";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { TextareaField } from "@/components/ui/textarea-field";
import { renderTemplate, TEMPLATE_PLACEHOLDERS, type TemplatePlaceholder } from "@/lib/email/render-template";
import { sampleReplyValues } from "@/lib/settings/reply-email-sample";
import { ActionMessage, fieldError } from "./action-message";
import { keepValuesOnReset } from "./keep-values-on-reset";

const PLACEHOLDER_HELP: Record<TemplatePlaceholder, string> = {
  replierName: "who replied (their number when unknown)",
  replierNumber: "the number they replied from",
  replyText: "the reply",
  staffName: "the staff member being notified",
  conversationLink: "a link to the conversation",
};

/**
 * SMS Configuration → Email Notifications (SPEC §3): the reply notification's subject and body
 * with their placeholders, a live preview with sample values, save, and "Send a test to me"
 * (the template as typed, saved or not; the pressed button's `intent` decides). Read-only for the operator.
 */
export function EmailNotificationsForm({
  subject,
  body,
  staffName,
  conversationLink,
  readOnly,
}: {
  subject: string;
  body: string;
  staffName: string;
  conversationLink: string;
  readOnly: boolean;
}) {
  const [state, formAction, pending] = useActionState(submitEmailNotifications, null);
  const [values, setValues] = useState({ replyEmailSubject: subject, replyEmailBody: body });
  // After a save the fields show the template as stored (trimmed, LF line breaks).
  const [shown, setShown] = useState(state);
  if (state !== shown) {
    setShown(state);
    if (state?.ok && state.data.saved) setValues(state.data.saved);
  }
  const sample = sampleReplyValues(staffName, conversationLink);
  const success = state?.ok ? (state.data.to ? `Test email sent to ${state.data.to}.` : "Email Notifications saved.") : "";

  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <form action={formAction} onReset={keepValuesOnReset} className="space-y-5" noValidate>
        <ActionMessage id="email-notifications-message" state={state} success={success} />
        <TextField
          label="Subject"
          name="replyEmailSubject"
          value={values.replyEmailSubject}
          onChange={(e) => setValues((v) => ({ ...v, replyEmailSubject: e.target.value }))}
          error={fieldError(state, "replyEmailSubject")}
          readOnly={readOnly}
        />
        <TextareaField
          label="Body"
          name="replyEmailBody"
          rows={10}
          value={values.replyEmailBody}
          onChange={(e) => setValues((v) => ({ ...v, replyEmailBody: e.target.value }))}
          error={fieldError(state, "replyEmailBody")}
          readOnly={readOnly}
        />
        <section aria-labelledby="placeholders-heading">
          <h2 id="placeholders-heading" className="text-sm font-medium text-slate-800">
            Placeholders
          </h2>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {TEMPLATE_PLACEHOLDERS.map((p) => (
              <div key={p} className="contents">
                <dt>
                  <code className="rounded bg-slate-100 px-1 text-slate-900">{`{{${p}}}`}</code>
                </dt>
                <dd className="text-slate-600">{PLACEHOLDER_HELP[p]}</dd>
              </div>
            ))}
          </dl>
        </section>
        {readOnly ? (
          <p className="text-sm text-slate-600">Only the institution&apos;s administrators can change this email.</p>
        ) : (
          <div className="flex flex-wrap gap-3">
            <Button type="submit" name="intent" value="save" disabled={pending} aria-disabled={pending}>
              Save
            </Button>
            <Button type="submit" name="intent" value="test" variant="secondary" disabled={pending} aria-disabled={pending}>
              Send a test to me
            </Button>
          </div>
        )}
      </form>

      <section aria-labelledby="preview-heading" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="preview-heading" className="text-base font-semibold text-slate-900">
          Preview
        </h2>
        <p className="text-sm text-slate-600">With a sample reply, as {staffName} would receive it.</p>
        <div aria-live="polite" className="mt-4 space-y-3">
          <p className="text-sm">
            <span className="font-medium text-slate-800">Subject: </span>
            <span data-testid="preview-subject">{renderTemplate(values.replyEmailSubject, sample, "text").replace(/\s*[\r\n]+\s*/g, " ")}</span>
          </p>
          <div
            data-testid="preview-body"
            className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-900 [&_a]:text-blue-700 [&_a]:underline"
            // renderTemplate's html escapes the template and every value (lib/email/render-template.ts).
            dangerouslySetInnerHTML={{ __html: renderTemplate(values.replyEmailBody, sample, "html") }}
          />
        </div>
      </section>
    </div>
  );
}
