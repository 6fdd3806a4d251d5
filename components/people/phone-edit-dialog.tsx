"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { editPhone } from "@/lib/actions/people/phones";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { TextField } from "@/components/ui/text-field";
import { SMS_STATUSES, type SmsStatus } from "@/db/schema/constants";
import { PhoneSelect } from "./phone-form-fields";
import { SMS_STATUS_LABELS } from "./sms-status-badge";

export type EditablePhone = { id: string; formatted: string; phoneTypeSrcSystemId: string; srcSystemId: string | null; smsStatus: SmsStatus };
export type PhoneTypeOption = { name: string; srcSystemId: string };

/**
 * Edit of one phone (the guide's "select Edit, change the SMS status, then Save"): type, SMS
 * status and source id. A changed SMS status is confirmed in a second step before anything is
 * saved; the number itself cannot change (delete it and add the new one).
 */
export function PhoneEditDialog({ phone, phoneTypes, onClose }: { phone: EditablePhone; phoneTypes: PhoneTypeOption[]; onClose: () => void }) {
  const router = useRouter();
  const id = useId();
  const [values, setValues] = useState({ phoneTypeSrcSystemId: phone.phoneTypeSrcSystemId, smsStatus: phone.smsStatus, srcSystemId: phone.srcSystemId ?? "" });
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [pending, startTransition] = useTransition();
  const statusChanges = values.smsStatus !== phone.smsStatus;

  function save() {
    startTransition(async () => {
      const result = await editPhone({ phoneId: phone.id, ...values });
      if (result.ok) {
        onClose();
        router.refresh();
        return;
      }
      setConfirming(false);
      setError({ message: result.error, fields: result.fieldErrors });
    });
  }

  return (
    <ModalDialog title={confirming ? "Change the SMS status?" : `Edit ${phone.formatted}`} onClose={onClose} role={confirming ? "alertdialog" : "dialog"}>
      {confirming ? (
        <div className="space-y-4">
          <p className="text-sm">
            Change the SMS status of {phone.formatted} from <strong>{SMS_STATUS_LABELS[phone.smsStatus]}</strong> to{" "}
            <strong>{SMS_STATUS_LABELS[values.smsStatus]}</strong>? The change is recorded in the phone&apos;s history with your name.
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
              Back
            </Button>
            <Button onClick={save} disabled={pending} autoFocus>
              {pending ? "Saving…" : "Change status"}
            </Button>
          </div>
        </div>
      ) : (
        <form
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (statusChanges) setConfirming(true);
            else save();
          }}
        >
          {error ? <Alert tone="error">{error.message}</Alert> : null}
          <PhoneSelect
            id={`${id}-type`}
            label="Phone type"
            name="phoneTypeSrcSystemId"
            value={values.phoneTypeSrcSystemId}
            onChange={(v) => setValues({ ...values, phoneTypeSrcSystemId: v })}
            options={phoneTypes.map((t) => ({ value: t.srcSystemId, label: t.name }))}
            error={error?.fields.phoneTypeSrcSystemId}
          />
          <PhoneSelect
            id={`${id}-status`}
            label="SMS status"
            name="smsStatus"
            value={values.smsStatus}
            onChange={(v) => setValues({ ...values, smsStatus: v as SmsStatus })}
            options={SMS_STATUSES.map((s) => ({ value: s, label: SMS_STATUS_LABELS[s] }))}
            error={error?.fields.smsStatus}
          />
          <TextField
            id={`${id}-src`}
            label="Source id (optional)"
            name="srcSystemId"
            value={values.srcSystemId}
            onChange={(e) => setValues({ ...values, srcSystemId: e.target.value })}
            error={error?.fields.srcSystemId}
          />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
