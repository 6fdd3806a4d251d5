"use client";

import Link from "next/link";
import { useEffect, useId, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/action";
import type { Audience } from "@/lib/messaging/send/audience-schema";
import { formatInZone, instantToZonedLocal, zonedLocalToInstant } from "@/lib/messaging/send/zoned-time";

export type ScheduledSend = { batchId: string; scheduledFor: string; unknown: number };
export type SendZones = { senderTimeZone: string; recipientZones: { timeZone: string; count: number }[]; unknownZone: number };

/** The server actions "Send later" calls (lib/actions/messaging/sends.ts). */
export type SendLaterActions = {
  schedule: (input: { audience: Audience; body: string; templateId?: string; sendAt: string }) => Promise<ActionResult<ScheduledSend>>;
  zones: (input: { audience: Audience }) => Promise<ActionResult<SendZones>>;
};

const zoneName = (tz: string) => tz.split("/").pop()!.replace(/_/g, " ");

/**
 * "Send later" in the composer's Review (SPEC §9): a date and time in the sender's zone, shown
 * also as the recipients will read it in their recorded zones; one call stores the send with
 * its recipients and body only. Review says that the decisions, the month's count and the
 * number are taken when it goes.
 */
export function SendLater({
  audience,
  body,
  templateId,
  disabled,
  actions,
  onScheduled,
  onOpenChange,
}: {
  /** Who it goes to, as the composer's Send takes it (ticked people, a search or a list). */
  audience: Audience;
  body: string;
  /** The template the body came from (SPEC §10), recorded on the send. */
  templateId?: string;
  disabled: boolean;
  actions: SendLaterActions;
  onScheduled: (scheduled: ScheduledSend, timeZone: string) => void;
  /** Told when the panel opens and closes: the composer hides its Send now meanwhile. */
  onOpenChange?: (open: boolean) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [zones, setZones] = useState<SendZones | null>(null);
  const [local, setLocal] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  useEffect(() => onOpenChange?.(open), [open, onOpenChange]);

  useEffect(() => {
    if (!open || zones) return;
    void actions.zones({ audience }).then((r) => {
      if (!r.ok) return setError(r.error);
      setZones(r.data);
      setLocal(instantToZonedLocal(new Date(Date.now() + 3_600_000), r.data.senderTimeZone));
    });
  }, [open, zones, actions, audience]);

  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} disabled={disabled}>
        Send later…
      </Button>
    );
  }
  const at = zones ? zonedLocalToInstant(local, zones.senderTimeZone) : null;

  function schedule() {
    if (!zones || !at) return setError("Choose a date and time.");
    setError(null);
    start(async () => {
      const r = await actions.schedule({ audience, body, templateId, sendAt: at.toISOString() });
      if (r.ok) onScheduled(r.data, zones.senderTimeZone);
      else setError(r.fieldErrors.sendAt ?? r.fieldErrors.body ?? r.fieldErrors.recipientIds ?? r.fieldErrors.audience ?? r.error);
    });
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="w-full space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
      <h3 id={`${id}-heading`} className="text-sm font-semibold text-slate-900">
        Send later
      </h3>
      {zones ? (
        <>
          <label htmlFor={`${id}-at`} className="block text-sm font-medium text-slate-800">
            Send at (your time, {zoneName(zones.senderTimeZone)})
          </label>
          <input
            id={`${id}-at`}
            type="datetime-local"
            value={local}
            onChange={(e) => setLocal(e.target.value)}
            className="block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          />
          {at && zones.recipientZones.length > 0 ? (
            <ul aria-label="Recipients' local time" className="text-sm text-slate-700">
              {zones.recipientZones.slice(0, 6).map((z) => (
                <li key={z.timeZone}>
                  {formatInZone(at, z.timeZone)} for {z.count.toLocaleString("en-US")} in {zoneName(z.timeZone)}
                </li>
              ))}
            </ul>
          ) : null}
          {zones.unknownZone > 0 ? (
            <p className="text-sm text-slate-600">
              {zones.unknownZone.toLocaleString("en-US")} {zones.unknownZone === 1 ? "recipient has" : "recipients have"} no recorded time zone.
            </p>
          ) : null}
          <p className="text-sm text-slate-700">
            Who gets a text or an email, the month&apos;s text count and your texting number are decided when it goes, not now.
          </p>
        </>
      ) : (
        <p className="text-sm text-slate-600">Loading time zones…</p>
      )}
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={() => setOpen(false)} disabled={pending}>
          Not later
        </Button>
        <Button onClick={schedule} disabled={pending || !at}>
          {pending ? "Scheduling…" : "Schedule"}
        </Button>
      </div>
    </section>
  );
}

/** After "Schedule": when it will go, and where to follow, edit or cancel it. */
export function ScheduledNotice({ scheduled, timeZone, onClose }: { scheduled: ScheduledSend; timeZone: string; onClose: () => void }) {
  return (
    <div className="space-y-4">
      <Alert tone="success">
        Scheduled for {formatInZone(new Date(scheduled.scheduledFor), timeZone)}. You can edit or cancel it on{" "}
        <Link href="/sends" className="underline">
          Sends
        </Link>{" "}
        until it goes.
      </Alert>
      <div className="flex justify-end">
        <Button onClick={onClose}>Close</Button>
      </div>
    </div>
  );
}
