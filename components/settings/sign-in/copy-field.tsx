"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

const FIELD = "block w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900";

/**
 * A read-only value with a Copy button (the SCIM base URL, a new token). `wrap` shows a long
 * value whole, broken across lines, instead of scrolling inside one line on a phone.
 */
export function CopyField({ label, value, id, wrap = false }: { label: string; value: string; id: string; wrap?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1 flex flex-col gap-2 sm:flex-row">
        {wrap ? (
          <textarea id={id} readOnly value={value} rows={2} onFocus={(e) => e.currentTarget.select()} className={`${FIELD} resize-none break-all`} />
        ) : (
          <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} className={FIELD} />
        )}
        <Button
          variant="secondary"
          className="shrink-0"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
          <span className="sr-only"> {label}</span>
        </Button>
      </div>
    </div>
  );
}
