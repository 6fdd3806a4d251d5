"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { cancelSendAction } from "@/lib/actions/messaging/sends";

/** Cancels a scheduled send: nothing of it will go. Refused (with the reason) once it has been released. */
export function CancelSendButton({ sendId }: { sendId: string }) {
  const [state, formAction] = useActionState(cancelSendAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="sendId" value={sendId} />
      <SubmitButton variant="ghost" className="whitespace-nowrap text-red-700" pendingLabel="Cancelling…">
        Cancel send
      </SubmitButton>
      {state && !state.ok ? (
        <span className="mt-1 block text-sm text-red-700" role="status">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
