import { GridSearch } from "@/components/data-grid/grid-search";
import { SelectFilter } from "@/components/data-grid/select-filter";
import type { GridParams } from "@/components/data-grid/grid-href";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { CHANNELS, MESSAGE_STATUSES, REASON_CODES } from "@/db/schema/constants";

function TextFilter({ name, label, value, hint, type = "text", list }: { name: string; label: string; value?: string; hint?: string; type?: string; list?: string }) {
  const id = `report-${name}`;
  return (
    <div className="w-48">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} name={name} type={type} list={list} defaultValue={value ?? ""} aria-describedby={hint ? `${id}-hint` : undefined} className="mt-1" />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function ReportSelect(props: { name: string; label: string; value?: string; options: readonly { value: string; label: string }[] }) {
  return <SelectFilter id={`report-${props.name}`} className="w-40" {...props} />;
}

export const CHANNEL_LABELS: Record<string, string> = { SMS: "SMS", EMAIL: "Email" };

/** The Message Report's filters (SPEC §7) as a GET form: every filter lives in the URL. */
export function MessageReportFilters({ basePath, params }: { basePath: string; params: GridParams }) {
  return (
    <GridSearch basePath={basePath} params={params} keep={["batch"]} submitLabel="Apply filters" resetLabel="Clear filters">
      <TextFilter name="from" label="From" value={params.from} hint="Name, number or email" />
      <TextFilter name="to" label="To" value={params.to} hint="Name" />
      <TextFilter name="destination" label="Destination" value={params.destination} hint="Number or email" />
      <ReportSelect name="channel" label="Channel" value={params.channel} options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
      <ReportSelect name="status" label="Status" value={params.status} options={MESSAGE_STATUSES.map((s) => ({ value: s, label: s }))} />
      <TextFilter name="reason" label="Reason" value={params.reason} list="report-reason-codes" hint="e.g. TWILIO_ERROR_30003" />
      <datalist id="report-reason-codes">
        {REASON_CODES.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
      <TextFilter name="dateFrom" label="From date" type="date" value={params.dateFrom} />
      <TextFilter name="dateTo" label="To date" type="date" value={params.dateTo} />
    </GridSearch>
  );
}
