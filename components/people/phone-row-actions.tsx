"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { deletePhone, setVerified } from "@/lib/actions/people/phones";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { PhoneEditDialog, type EditablePhone, type PhoneTypeOption } from "./phone-edit-dialog";

/** Edit and Delete of one phone row; Delete asks first (a soft delete: the record and its history stay). */
export function PhoneRowActions({ phone, phoneTypes }: { phone: EditablePhone; phoneTypes: PhoneTypeOption[] }) {
  const router = useRouter();
  const [open, setOpen] = useState<"edit" | "delete" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function remove() {
    startTransition(async () => {
      const result = await deletePhone({ phoneId: phone.id });
      if (!result.ok) return setError(result.error);
      setOpen(null);
      router.refresh();
    });
  }

  return (
    <div className="flex gap-2">
      <Button variant="secondary" className="px-2.5 py-1" aria-label={`Edit ${phone.formatted}`} onClick={() => setOpen("edit")}>
        Edit
      </Button>
      <Button variant="ghost" className="px-2.5 py-1 text-red-800" aria-label={`Delete ${phone.formatted}`} onClick={() => setOpen("delete")}>
        Delete
      </Button>
      {open === "edit" ? <PhoneEditDialog phone={phone} phoneTypes={phoneTypes} onClose={() => setOpen(null)} /> : null}
      {open === "delete" ? (
        <ModalDialog title={`Delete ${phone.formatted}?`} role="alertdialog" onClose={() => setOpen(null)}>
          <p className="text-sm">It will no longer be texted or shown as current. The record and its history are kept, marked deleted.</p>
          {error ? (
            <p role="alert" className="mt-3 text-sm text-red-700">
              {error}
            </p>
          ) : null}
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(null)} disabled={pending} autoFocus>
              Cancel
            </Button>
            <Button variant="danger" onClick={remove} disabled={pending}>
              {pending ? "Deleting…" : "Delete"}
            </Button>
          </div>
        </ModalDialog>
      ) : null}
    </div>
  );
}

/** The verified toggle (SPEC §2: a manual flag recording who and when), saved at once. */
export function VerifiedToggle({ phoneId, formatted, verified, note }: { phoneId: string; formatted: string; verified: boolean; note: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div>
      <div className="flex items-center gap-2">
        <button
          type="button"
          role="switch"
          aria-checked={verified}
          aria-label={`Verified ${formatted}`}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await setVerified({ phoneId, verified: !verified });
              setError(result.ok ? null : result.error);
              if (result.ok) router.refresh();
            })
          }
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60 ${
            verified ? "border-green-700 bg-green-700" : "border-slate-500 bg-slate-200"
          }`}
        >
          <span aria-hidden="true" className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${verified ? "translate-x-5" : "translate-x-1"}`} />
        </button>
        <span className="text-sm">{note}</span>
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
