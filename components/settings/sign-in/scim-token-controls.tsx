"use client";

import { useActionState, useState } from "react";
import { generateScimTokenAction, revokeScimTokenAction } from "@/lib/actions/settings/scim";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { CopyField } from "./copy-field";

/** The current token as the card shows it (never the token itself), dates already formatted. */
export type ScimTokenSummary = { prefix: string; created: string; createdBy: string | null; lastUsed: string | null } | null;

type Confirming = "rotate" | "revoke" | null;
type Outcome =
  | { kind: "generate"; result: Awaited<ReturnType<typeof generateScimTokenAction>> }
  | { kind: "revoke"; result: Awaited<ReturnType<typeof revokeScimTokenAction>> };

/** One state for both actions, so a revoke hides a token generated before it. */
async function run(_previous: Outcome | null, kind: Outcome["kind"]): Promise<Outcome> {
  return kind === "generate" ? { kind, result: await generateScimTokenAction({}) } : { kind, result: await revokeScimTokenAction({}) };
}

/**
 * Generate, rotate or revoke the institution's SCIM token. A new token is shown here once;
 * rotating and revoking ask first, since the directory's next request is refused until it is
 * given the new token.
 */
export function ScimTokenControls({ token }: { token: ScimTokenSummary }) {
  const [outcome, dispatch] = useActionState(run, null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const newToken = outcome?.kind === "generate" && outcome.result.ok ? outcome.result.data.token : null;

  return (
    <div className="space-y-3">
      {token ? (
        <p className="text-sm text-slate-700">
          Token <span className="font-mono">{token.prefix}…</span>, generated {token.created}
          {token.createdBy ? ` by ${token.createdBy}` : ""}. {token.lastUsed ? `Last used ${token.lastUsed}.` : "Not used yet."}
        </p>
      ) : (
        <p className="text-sm text-slate-700">No token: your directory cannot connect until you generate one.</p>
      )}
      {newToken ? (
        <Alert tone="success">
          <p className="mb-2">Copy this token into your directory now: it will not be shown again.</p>
          <CopyField id="scim-new-token" label="New SCIM token" value={newToken} wrap />
        </Alert>
      ) : null}
      {outcome?.kind === "revoke" && outcome.result.ok ? <Alert tone="success">Token revoked: your directory&apos;s requests are now refused.</Alert> : null}
      {outcome && !outcome.result.ok ? <Alert tone="error">{outcome.result.error}</Alert> : null}
      <div className="flex flex-wrap gap-3">
        {token ? (
          <>
            <Button variant="secondary" onClick={() => setConfirming("rotate")}>
              Rotate token
            </Button>
            <Button variant="ghost" className="text-red-700" onClick={() => setConfirming("revoke")}>
              Revoke token
            </Button>
          </>
        ) : (
          <form action={() => dispatch("generate")}>
            <SubmitButton pendingLabel="Generating…">Generate token</SubmitButton>
          </form>
        )}
      </div>
      {confirming ? (
        <ModalDialog role="alertdialog" title={confirming === "rotate" ? "Rotate the SCIM token?" : "Revoke the SCIM token?"} onClose={() => setConfirming(null)}>
          <p className="text-sm text-slate-700">
            {confirming === "rotate"
              ? "The current token stops working at once. Paste the new one into your directory's provisioning settings right away."
              : "Your directory will be refused from its next request: no one is created, changed or deactivated until you generate a new token."}
          </p>
          <form
            action={() => {
              setConfirming(null);
              dispatch(confirming === "rotate" ? "generate" : "revoke");
            }}
            className="mt-5 flex justify-end gap-3"
          >
            <Button variant="secondary" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            <SubmitButton variant="danger">{confirming === "rotate" ? "Rotate" : "Revoke"}</SubmitButton>
          </form>
        </ModalDialog>
      ) : null}
    </div>
  );
}
