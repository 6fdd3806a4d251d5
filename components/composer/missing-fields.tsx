"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { PreviewMissingFields } from "@/lib/messaging/send/preview-delivery";
import { addFallbacks, MERGE_FIELD_WORDS, SUGGESTED_FALLBACKS, type MergeField } from "@/lib/messaging/templates/render";

const n = (v: number) => v.toLocaleString("en-US");

/** The body with the composer's suggested fallback on each missing field: what "Use a fallback" sends. */
export function withSuggestedFallbacks(body: string, fields: readonly MergeField[]): string {
  return addFallbacks(body, Object.fromEntries(fields.map((f) => [f, SUGGESTED_FALLBACKS[f]])));
}

/**
 * SPEC §10 in Review: the send is refused while any recipient would get an empty field without a
 * fallback; this names them (the first 20, and how many in all) and offers the one-click fix —
 * each such field gets a fallback (e.g. {{preferredName|there}}) and Review runs again.
 */
export function MissingFields({ missing, body, onFix, pending }: { missing: PreviewMissingFields; body: string; onFix: (body: string) => void; pending: boolean }) {
  const fixed = withSuggestedFallbacks(body, missing.fields);
  const shown = missing.recipients;
  return (
    <Alert tone="error">
      <p>
        {missing.fields.map((f) => `{{${f}}}`).join(", ")} would be empty for {n(missing.count)} {missing.count === 1 ? "recipient" : "recipients"}, with no
        fallback, so nothing can be sent:
      </p>
      <ul aria-label="Recipients with an empty field" className="mt-1 list-disc pl-5">
        {shown.map((m) => (
          <li key={m.recipientId}>
            {m.name} <span className="text-xs">(no {m.fields.map((f) => MERGE_FIELD_WORDS[f]).join(", no ")})</span>
          </li>
        ))}
        {missing.count > shown.length ? <li>and {n(missing.count - shown.length)} more</li> : null}
      </ul>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => onFix(fixed)} disabled={pending}>
          Use a fallback
        </Button>
        <span className="text-xs">
          Changes the message to use{" "}
          {missing.fields.map((f, i) => (
            <span key={f}>
              {i > 0 ? ", " : ""}
              <code>{`{{${f}|${SUGGESTED_FALLBACKS[f]}}}`}</code>
            </span>
          ))}
          ; or edit the message and write your own.
        </span>
      </div>
    </Alert>
  );
}
