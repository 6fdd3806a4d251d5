"use client";

import { Label } from "@/components/ui/label";
import { countSegments } from "@/lib/messaging/send/segments";
import { characterCountText } from "./character-count";

/**
 * The message body with its live count (SPEC §4): characters against smsMaxLength, and the SMS
 * segments it takes — GSM-7 160 (153 each once split), UCS-2 70 (67). Characters as a person
 * sees them (character-count.ts, issue 15.12).
 */
export function MessageBodyField({
  id,
  value,
  onChange,
  smsMaxLength,
  disabled,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  smsMaxLength: number;
  disabled?: boolean;
}) {
  const count = countSegments(value);
  const tooLong = count.characters > smsMaxLength;
  return (
    <div>
      <Label htmlFor={id}>Message</Label>
      <textarea
        id={id}
        rows={5}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={tooLong || undefined}
        aria-describedby={`${id}-count`}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900 aria-[invalid=true]:border-red-600 disabled:bg-slate-50"
      />
      <p id={`${id}-count`} aria-live="polite" className={`mt-1 text-xs ${tooLong ? "font-medium text-red-700" : "text-slate-600"}`}>
        {characterCountText(count, smsMaxLength)}
      </p>
    </div>
  );
}
