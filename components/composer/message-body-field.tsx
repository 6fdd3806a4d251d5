"use client";

import { Label } from "@/components/ui/label";
import { TemplateTextarea, type LoadTemplates } from "@/components/templates/template-textarea";
import { countSegments } from "@/lib/messaging/send/segments";
import { characterCountText } from "./character-count";

/**
 * The message body with its live count (SPEC §4): characters against smsMaxLength, and the SMS
 * segments it takes — GSM-7 160 (153 each once split), UCS-2 70 (67). Characters as a person
 * sees them (character-count.ts, issue 15.12). Templates and merge fields are inserted from its
 * lists or with "/" (SPEC §10); with fields, Review counts each recipient's own text.
 */
export function MessageBodyField({
  id,
  value,
  onChange,
  onTemplate,
  loadTemplates,
  smsMaxLength,
  disabled,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onTemplate?: (templateId: string | null) => void;
  loadTemplates?: LoadTemplates;
  smsMaxLength: number;
  disabled?: boolean;
}) {
  const count = countSegments(value);
  const tooLong = count.characters > smsMaxLength;
  const personalized = value.includes("{{");
  return (
    <div>
      <Label htmlFor={id}>Message</Label>
      <TemplateTextarea
        id={id}
        value={value}
        onChange={onChange}
        onTemplate={onTemplate}
        loadTemplates={loadTemplates}
        disabled={disabled}
        invalid={tooLong}
        describedBy={`${id}-count`}
      />
      <p id={`${id}-count`} aria-live="polite" className={`mt-1 text-xs ${tooLong ? "font-medium text-red-700" : "text-slate-600"}`}>
        {characterCountText(count, smsMaxLength)}
        {personalized ? " before merge fields are filled in; Review counts each recipient’s text" : ""}
      </p>
    </div>
  );
}
