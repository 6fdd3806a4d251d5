"use client";

import { useActionState } from "react";
import { revokeApiKeyAction } from "@/lib/actions/account/api-keys";
import { SubmitButton } from "@/components/ui/submit-button";

/** Revokes the key at once: the next request with it is refused. */
export function RevokeApiKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, formAction] = useActionState(revokeApiKeyAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="keyId" value={keyId} />
      <SubmitButton variant="ghost" className="text-red-700" pendingLabel="Revoking…">
        Revoke<span className="sr-only"> {name}</span>
      </SubmitButton>
      {state && !state.ok ? <span className="ml-2 text-sm text-red-700" role="alert">{state.error}</span> : null}
    </form>
  );
}
