import { SelectFilter } from "@/components/data-grid/select-filter";
import { SMS_STATUSES } from "@/db/schema/constants";
import { SMS_STATUS_LABELS } from "@/components/people/sms-status-badge";
import type { GridParams } from "@/components/data-grid/grid-href";

function Filter(props: { name: string; label: string; value?: string; options: { value: string; label: string }[] }) {
  return <SelectFilter id={`person-phone-${props.name}`} {...props} />;
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
