"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Composer } from "./composer";
import type { ComposerActions, ComposerRecipients } from "./types";

/**
 * A button that opens the composer in a modal dialog (native `<dialog>`: focus stays inside,
 * Escape closes). `recipients` may be resolved on opening (e.g. the current selection).
 */
export function ComposeDialog({
  buttonLabel,
  recipients,
  smsMaxLength,
  permitted,
  actions,
  variant = "primary",
  disabled,
}: {
  buttonLabel: string;
  recipients: ComposerRecipients | (() => ComposerRecipients);
  smsMaxLength: number;
  permitted: boolean;
  actions: ComposerActions;
  variant?: ButtonVariant;
  disabled?: boolean;
}) {
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [open, setOpen] = useState<ComposerRecipients | null>(null);
  const busy = useRef(false);
  const setBusy = useCallback((b: boolean) => {
    busy.current = b;
  }, []);

  useEffect(() => {
    if (open && !ref.current?.open) ref.current?.showModal();
  }, [open]);

  function close() {
    ref.current?.close();
  }

  return (
    <>
      <Button variant={variant} disabled={disabled} onClick={() => setOpen(typeof recipients === "function" ? recipients() : recipients)}>
        {buttonLabel}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby={headingId}
        onCancel={(e) => {
          if (busy.current) e.preventDefault();
        }}
        onClose={() => {
          setOpen(null);
          router.refresh();
        }}
        className="m-auto w-[min(56rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        {open ? (
          <div className="space-y-4 p-6">
            <h2 id={headingId} className="text-lg font-semibold text-slate-900">
              New message
            </h2>
            <Composer recipients={open} smsMaxLength={smsMaxLength} permitted={permitted} actions={actions} onClose={close} onBusyChange={setBusy} />
          </div>
        ) : null}
      </dialog>
    </>
  );
}
