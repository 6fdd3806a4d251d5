"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/action";
import { formatPhone } from "@/lib/e164";

type TextAction = (input: { from: string; to: string; body: string }) => Promise<ActionResult<{ sid: string; autoReply: string | null }>>;

const KEYWORDS = ["STOP", "START", "HELP"] as const;

/** The phone's keyboard: text one of the institution's system numbers, or one of Twilio's keywords. */
export function HandsetKeypad({
  from,
  systemNumbers,
  replyTo,
  action,
}: {
  from: string;
  systemNumbers: { number: string; holderName: string | null }[];
  replyTo: string | null;
  action: TextAction;
}) {
  const router = useRouter();
  // "To" follows the number that last texted this phone (replyTo, fresh on every refresh — also
  // when a text arrives while the page is open) until the user picks one (issue 15.13).
  const [chosenTo, setChosenTo] = useState<string | null>(null);
  const to = chosenTo ?? replyTo ?? "";
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function send(text: string, clear: boolean) {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await action({ from, to, body: text });
      if (!result.ok) {
        setError(Object.values(result.fieldErrors)[0] ?? result.error);
        return;
      }
      if (clear) setBody("");
      setNotice(result.data.autoReply ? `Texted "${text}". Twilio answered it itself.` : `Texted "${text}".`);
      router.refresh();
    });
  }

  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      aria-label="Text from this phone"
      onSubmit={(e) => {
        e.preventDefault();
        send(body, true);
      }}
    >
      <div>
        <Label htmlFor="handset-to">To system number</Label>
        <select
          id="handset-to"
          value={to}
          onChange={(e) => setChosenTo(e.target.value)}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900"
        >
          {systemNumbers.map((n) => (
            <option key={n.number} value={n.number}>
              {formatPhone(n.number)} — {n.holderName ?? "unassigned"}
            </option>
          ))}
        </select>
      </div>
      <div>
        <Label htmlFor="handset-body">Text</Label>
        <textarea
          id="handset-body"
          rows={2}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          aria-describedby={error ? "handset-error" : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900"
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending || body.trim() === "" || !to}>
          {pending ? "Sending…" : "Send text"}
        </Button>
        {KEYWORDS.map((word) => (
          <Button key={word} variant="secondary" disabled={pending || !to} onClick={() => send(word, false)}>
            Text {word}
          </Button>
        ))}
      </div>
      <FieldError id="handset-error" message={error ?? undefined} />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
    </form>
  );
}
