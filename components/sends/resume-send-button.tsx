"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { resumeSendAction } from "@/lib/actions/messaging/sends";

/** Resumes a send paused for carrier filtering (issue 18): what waited is handed over. Refused (with the reason) when it is no longer paused. */
export function ResumeSendButton({ sendId }: { sendId: string }) {
  const [state, formAction] = useActionState(resumeSendAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="sendId" value={sendId} />
      <SubmitButton variant="secondary" className="whitespace-nowrap" pendingLabel="Resuming…">
        Resume send
      </SubmitButton>
      {state && !state.ok ? (
        <span className="mt-1 block text-sm text-red-700" role="status">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
