import Link from "next/link";
import { statusLabel } from "@/components/conversations/message-labels";
import { GridSearch } from "@/components/data-grid/grid-search";
import { gridHref, type GridParams } from "@/components/data-grid/grid-href";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { CHANNELS, MESSAGE_STATUSES } from "@/db/schema/constants";
import { LABELLED_REASON_CODES, reasonLabel } from "@/lib/messaging/reason-labels";
import type { DatePreset } from "@/lib/reports/date-presets";

export const CHANNEL_LABELS: Record<string, string> = { SMS: "SMS", EMAIL: "Email" };

/** The filters as people read them: validation errors name these, never the URL's field names. */
export const FILTER_LABELS: Record<string, string> = {
  from: "From",
  to: "To",
  destination: "Destination",
  channel: "Channel",
  status: "Status",
  reason: "Reason",
  dateFrom: "Start date",
  dateTo: "End date",
  template: "Template",
};

function TextFilter({ name, value, hint, type = "text", error }: { name: string; value?: string; hint?: string; type?: string; error?: string }) {
  return (
    <div className="w-full sm:w-48">
      <TextField id={`report-${name}`} name={name} label={FILTER_LABELS[name]} type={type} defaultValue={value ?? ""} hint={hint} error={error} />
    </div>
  );
}

function SelectFilter({ name, value, options, error }: { name: string; value?: string; options: readonly { value: string; label: string }[]; error?: string }) {
  return (
    <div className="w-full sm:w-52">
      <SelectField id={`report-${name}`} name={name} label={FILTER_LABELS[name]} defaultValue={value ?? ""} error={error} options={[{ value: "", label: "Any" }, ...options]} />
    </div>
  );
}

/**
 * The Message Report's filters (SPEC §7) as a GET form: every filter lives in the URL. Keyed by
 * the URL's filters, so "Clear filters" (a link to the bare page) and the date presets reset
 * every control, dropdowns included. Reason is a list of labels; From and Destination take a
 * name or a number or email, whole or any part of it (issue 15.8).
 */
export function MessageReportFilters({
  basePath,
  params,
  presets,
  templates = [],
  errors = {},
}: {
  basePath: string;
  params: GridParams;
  presets: readonly DatePreset[];
  /** The templates messages may have been sent from (SPEC §10), deleted ones too. */
  templates?: readonly { value: string; label: string }[];
  errors?: Record<string, string>;
}) {
  const reasons = [...LABELLED_REASON_CODES];
  if (params.reason && !reasons.includes(params.reason as never)) reasons.push(params.reason as never);
  return (
    <>
      <nav aria-label="Date ranges" className="mb-3 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Dates:</span>
        {presets.map((p) => {
          const active = params.dateFrom === p.dateFrom && params.dateTo === p.dateTo;
          return (
            <Link
              key={p.label}
              href={gridHref(basePath, { ...params, cursor: undefined, dateFrom: p.dateFrom, dateTo: p.dateTo })}
              aria-current={active ? "true" : undefined}
              className={`rounded-full border px-3 py-1 ${active ? "border-blue-700 bg-blue-50 text-blue-800" : "border-slate-300 text-slate-700 hover:bg-slate-100"}`}
            >
              {p.label}
            </Link>
          );
        })}
      </nav>
      <GridSearch key={JSON.stringify(params)} basePath={basePath} params={params} keep={["batch"]} submitLabel="Apply filters" resetLabel="Clear filters">
        <TextFilter name="from" value={params.from} hint="Name, number or email" error={errors.from} />
        <TextFilter name="to" value={params.to} hint="Name" error={errors.to} />
        <TextFilter name="destination" value={params.destination} hint="Number or email" error={errors.destination} />
        <SelectFilter name="channel" value={params.channel} options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} error={errors.channel} />
        <SelectFilter name="status" value={params.status} options={MESSAGE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} error={errors.status} />
        <SelectFilter name="reason" value={params.reason} options={reasons.map((r) => ({ value: r, label: reasonLabel(r) }))} error={errors.reason} />
        <TextFilter name="dateFrom" type="date" value={params.dateFrom} error={errors.dateFrom} />
        <TextFilter name="dateTo" type="date" value={params.dateTo} error={errors.dateTo} />
        {templates.length > 0 ? <SelectFilter name="template" value={params.template} options={templates} error={errors.template} /> : null}
      </GridSearch>
    </>
  );
}
