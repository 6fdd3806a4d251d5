"use client";

import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { changeSendAction } from "@/lib/actions/messaging/sends";
import type { SendView } from "@/lib/messaging/send/sends";
import { instantToZonedLocal, zonedLocalToInstant } from "@/lib/messaging/send/zoned-time";

/** Edit a scheduled send's message and time (in the sender's zone) until it is released. */
export function EditScheduledSend({ send }: { send: SendView }) {
  const id = useId();
  const zone = send.sender.timeZone;
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState(send.body);
  const [local, setLocal] = useState(instantToZonedLocal(new Date(send.scheduledFor!), zone));
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function save() {
    setError(null);
    const at = zonedLocalToInstant(local, zone);
    if (!at) return setError("Choose a date and time.");
    start(async () => {
      const changed = at.getTime() !== new Date(send.scheduledFor!).getTime();
      const result = await changeSendAction({ sendId: send.id, body: body !== send.body ? body : undefined, sendAt: changed ? at.toISOString() : undefined });
      if (result.ok) setOpen(false);
      else setError(Object.values(result.fieldErrors)[0] ?? result.error);
    });
  }

  if (!open) {
    return (
      <Button variant="ghost" onClick={() => setOpen(true)}>
        Edit
      </Button>
    );
  }
  return (
    <div className="w-56 space-y-2 rounded-md border border-slate-200 bg-white p-3">
      <label htmlFor={`${id}-body`} className="block text-sm font-medium text-slate-800">
        Message
      </label>
      <textarea
        id={`${id}-body`}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={3}
        className="block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      <label htmlFor={`${id}-at`} className="block text-sm font-medium text-slate-800">
        Send at ({zone.split("/").pop()!.replace(/_/g, " ")} time)
      </label>
      <input
        id={`${id}-at`}
        type="datetime-local"
        value={local}
        onChange={(e) => setLocal(e.target.value)}
        className="block w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      {error ? (
        <p className="text-sm text-red-700" role="status">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button onClick={save} disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)} disabled={pending}>
          Close
        </Button>
      </div>
    </div>
  );
}
