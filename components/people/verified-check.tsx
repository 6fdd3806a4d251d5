"use client";

import { useId, useState } from "react";

/**
 * The check mark beside the last-verified number (SPEC §2). Its tooltip — who verified it and
 * when — shows on hover and on keyboard focus, is the button's description for screen
 * readers, and Escape hides it (WCAG 1.4.13).
 */
export function VerifiedCheck({ note }: { note: string }) {
  const tipId = useId();
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const shown = (hover || focus) && !dismissed;
  return (
    <span className="relative inline-block" onMouseEnter={() => setHover(true)} onMouseLeave={() => { setHover(false); setDismissed(false); }}>
      <button
        type="button"
        aria-label="Verified"
        aria-describedby={tipId}
        onFocus={() => setFocus(true)}
        onBlur={() => { setFocus(false); setDismissed(false); }}
        onKeyDown={(e) => {
          if (e.key === "Escape") setDismissed(true);
        }}
        className="cursor-help rounded px-0.5 text-green-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
      >
        <span aria-hidden="true">✓</span>
      </button>
      <span
        id={tipId}
        role="tooltip"
        className={`absolute left-1/2 top-full z-10 mt-1 -translate-x-1/2 whitespace-nowrap rounded bg-slate-900 px-2 py-1 text-xs text-white shadow ${shown ? "" : "hidden"}`}
      >
        {note}
      </span>
    </span>
  );
}
