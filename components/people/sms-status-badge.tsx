import type { SmsStatus } from "@/db/schema/constants";

/** SPEC §2 spells the labels exactly so. */
export const SMS_STATUS_LABELS: Record<SmsStatus, string> = {
  SMS_DEFAULT: "SMS Default",
  SMS_ENABLED: "SMS Enabled",
  SMS_DISABLED: "SMS Disabled",
};

const TONES: Record<SmsStatus, string> = {
  SMS_DEFAULT: "bg-slate-100 text-slate-800",
  SMS_ENABLED: "bg-green-100 text-green-900",
  SMS_DISABLED: "bg-red-100 text-red-900",
};

export function SmsStatusBadge({ status }: { status: SmsStatus }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${TONES[status]}`}>{SMS_STATUS_LABELS[status]}</span>;
}
