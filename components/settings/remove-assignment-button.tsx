"use client";

import { useActionState, useRef } from "react";
import { useSearchParams } from "next/navigation";
import { removeNumberAssignment } from "@/lib/actions/settings/sms-configuration";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * The Phone Number Usage trash can (SPEC §6): asks in a modal dialog, and OK removes the
 * assignment; the action then returns to the grid with the current search and sort.
 */
export function RemoveAssignmentButton({ assignmentId, number, holder }: { assignmentId: string; number: string; holder: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, formAction] = useActionState(removeNumberAssignment, null);
  const searchParams = useSearchParams();
  const titleId = `remove-${assignmentId}-title`;

  return (
    <>
      <Button variant="ghost" className="px-2 text-red-700" onClick={() => dialog.current?.showModal()}>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path d="M8 2h4a1 1 0 0 1 1 1v1h4v2H3V4h4V3a1 1 0 0 1 1-1Zm-3 6h10l-.8 9.1A1 1 0 0 1 13.2 18H6.8a1 1 0 0 1-1-.9L5 8Z" />
        </svg>
        <span className="sr-only">{`Remove ${number} from ${holder}`}</span>
      </Button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          Remove this phone number?
        </h2>
        <p className="mt-2 text-sm text-slate-700">
          {number} will be un-assigned from {holder} and returned to the pool. There is no reassigning: the next permitted user to send a
          first text gets a free number.
        </p>
        {state && !state.ok ? (
          <div className="mt-3">
            <Alert tone="error">{state.error}</Alert>
          </div>
        ) : null}
        <form action={formAction} className="mt-5 flex justify-end gap-3">
          <input type="hidden" name="assignmentId" value={assignmentId} />
          <input type="hidden" name="returnQuery" value={searchParams.toString()} />
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <SubmitButton variant="danger" pendingLabel="Removing…">
            OK
          </SubmitButton>
        </form>
      </dialog>
    </>
  );
}
