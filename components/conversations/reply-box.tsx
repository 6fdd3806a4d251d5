"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { refusalSentence } from "@/components/composer/decision-labels";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { TemplateTextarea, type LoadTemplates } from "@/components/templates/template-textarea";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/action";
import type { ConversationSendResult } from "@/lib/conversations/send-conversation-message";
import { countSegments } from "@/lib/messaging/send/segments";
import { formatPhone } from "@/lib/e164";
import { reasonLabel } from "@/lib/messaging/reason-labels";

export type ReplyTarget = { conversationId: string } | { personId: string };

type SendAction = (input: ReplyTarget & { body: string; templateId?: string }) => Promise<ActionResult<ConversationSendResult>>;

function describe(r: ConversationSendResult["result"]): string {
  if (r.outcome === "SMS") return `Sent by text to ${r.toAddress ? formatPhone(r.toAddress) : "their phone"}.`;
  if (r.outcome === "EMAIL") return `Sent by email to ${r.toAddress ?? "their address"}: ${r.reasonCode ? reasonLabel(r.reasonCode) : "no text possible"}.`;
  if (r.outcome === "UNDELIVERABLE") return `Not delivered: ${reasonLabel("UNDELIVERABLE")}.`;
  return `Refused: ${r.reasonCode ? reasonLabel(r.reasonCode) : "not sent"}.`;
}

/**
 * The thread's reply box: the body with its character count against smsMaxLength and its SMS
 * segments; Send goes through the delivery engine, and what it decided is said after. Starting
 * from a person (no conversation yet), the first send opens the new conversation. A sender not
 * in Permitted Roles would be refused the whole send, email included (SPEC §4.1), so, as in the
 * composer, they are told so once, before typing, and the box is disabled (issue 15.6).
 */
export function ReplyBox({
  target,
  smsMaxLength,
  permitted,
  action,
  label,
  loadTemplates,
}: {
  target: ReplyTarget;
  smsMaxLength: number;
  /** The signed-in staff member may text (`can(actor, "messages.text")`). */
  permitted: boolean;
  action: SendAction;
  label: string;
  /** Saved replies and templates to insert, from a list or with "/" (SPEC §10). */
  loadTemplates?: LoadTemplates;
}) {
  const router = useRouter();
  const id = useId();
  const [body, setBody] = useState("");
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const count = countSegments(body);
  const tooLong = count.characters > smsMaxLength;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await action({ ...target, body, ...(templateId ? { templateId } : {}) });
      if (!result.ok) {
        setError(result.fieldErrors.body ?? result.error);
        return;
      }
      setBody("");
      setTemplateId(null);
      setNotice(describe(result.data.result));
      if ("personId" in target && result.data.conversationId) router.push(`/messages/${result.data.conversationId}`);
    });
  }

  const countId = `${id}-count`;
  const errorId = `${id}-error`;
  const notPermittedId = `${id}-not-permitted`;
  return (
    <form onSubmit={submit} className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
      {permitted ? null : (
        <div className="mb-3">
          <Alert tone="error" id={notPermittedId}>
            {refusalSentence("SENDER_NOT_PERMITTED")}
          </Alert>
        </div>
      )}
      <Label htmlFor={`${id}-body`}>{label}</Label>
      <TemplateTextarea
        id={`${id}-body`}
        rows={3}
        value={body}
        disabled={!permitted}
        onChange={setBody}
        onTemplate={setTemplateId}
        loadTemplates={loadTemplates}
        invalid={Boolean(error) || tooLong}
        describedBy={[permitted ? null : notPermittedId, countId, error ? errorId : null].filter(Boolean).join(" ")}
      />
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <p id={countId} className={`text-xs ${tooLong ? "text-red-700" : "text-slate-600"}`}>
          {count.characters} / {smsMaxLength} characters · {count.segments} {count.segments === 1 ? "segment" : "segments"} ({count.encoding})
        </p>
        <Button
          type="submit"
          disabled={!permitted || pending || body.trim() === "" || tooLong}
          aria-describedby={permitted ? undefined : notPermittedId}
        >
          {pending ? "Sending…" : "Send"}
        </Button>
      </div>
      <FieldError id={errorId} message={error ?? undefined} />
      {notice ? (
        <div className="mt-2">
          <Alert tone="success">{notice}</Alert>
        </div>
      ) : null}
    </form>
  );
}
