"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { cancelSendAction, resumeSendAction } from "@/lib/actions/messaging/sends";

const ACTIONS = {
  /** Cancels a scheduled send (nothing of it goes) or a paused one (what waited never goes). */
  cancel: { action: cancelSendAction, label: "Cancel send", pendingLabel: "Cancelling…", variant: "ghost", className: "whitespace-nowrap text-red-700" },
  /** Resumes a send paused for carrier filtering (issue 18): what waited is handed over. */
  resume: { action: resumeSendAction, label: "Resume send", pendingLabel: "Resuming…", variant: "secondary", className: "whitespace-nowrap" },
} as const;

/** A button that cancels or resumes one send; refused (with the reason, e.g. it has been released since) it says why beside it. */
export function SendActionButton({ sendId, action }: { sendId: string; action: keyof typeof ACTIONS }) {
  const a = ACTIONS[action];
  const [state, formAction] = useActionState(a.action, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="sendId" value={sendId} />
      <SubmitButton variant={a.variant} className={a.className} pendingLabel={a.pendingLabel}>
        {a.label}
      </SubmitButton>
      {state && !state.ok ? (
        <span className="mt-1 block text-sm text-red-700" role="status">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
