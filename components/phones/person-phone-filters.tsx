import { Label } from "@/components/ui/label";
import { SMS_STATUSES } from "@/db/schema/constants";
import { SMS_STATUS_LABELS } from "@/components/people/sms-status-badge";
import type { GridParams } from "@/components/data-grid/grid-href";

const SELECT = "mt-1 block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900";

function Filter({ name, label, value, options }: { name: string; label: string; value?: string; options: { value: string; label: string }[] }) {
  const id = `person-phone-${name}`;
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <select id={id} name={name} defaultValue={value ?? ""} className={SELECT}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The Person Phone view's filters (SPEC §6: `deleted = false` lists current records, active system numbers too). */
export function PersonPhoneFilters({ params, types }: { params: GridParams; types: { name: string; srcSystemId: string }[] }) {
  const yesNo = [
    { value: "false", label: "false" },
    { value: "true", label: "true" },
  ];
  return (
    <>
      <Filter name="deleted" label="Deleted" value={params.deleted} options={yesNo} />
      <Filter name="smsStatus" label="SMS status" value={params.smsStatus} options={SMS_STATUSES.map((s) => ({ value: s, label: SMS_STATUS_LABELS[s] }))} />
      <Filter name="verified" label="Verified" value={params.verified} options={yesNo} />
      <Filter name="type" label="Phone type" value={params.type} options={types.map((t) => ({ value: t.srcSystemId, label: `${t.name} (${t.srcSystemId})` }))} />
    </>
  );
}
