import { Alert } from "@/components/ui/alert";
import type { ImportSummary } from "@/lib/imports/import-summary";
import { count, formatWhen, KIND_LABELS, ORIGIN_LABELS, STATUS_LABELS } from "./import-labels";

/** What became of an import: who ran it and when, and its counts. */
export function ImportSummaryCard({ summary, timeZone }: { summary: ImportSummary; timeZone: string }) {
  const facts: [string, string][] = [
    ["Kind", KIND_LABELS[summary.kind]],
    ["Status", STATUS_LABELS[summary.status]],
    ["By", summary.createdBy ?? "Command line"],
    ["From", `${ORIGIN_LABELS[summary.origin]} (${summary.format})`],
    ["Started", formatWhen(summary.createdAt, timeZone)],
    // An interrupted import's finishedAt is its last heartbeat: when it was last seen running.
    [summary.status === "INTERRUPTED" ? "Stopped" : "Finished", summary.finishedAt ? formatWhen(summary.finishedAt, timeZone) : "—"],
  ];
  const counts: [string, number | null][] = [
    ["Rows", summary.totalRows],
    ["Created", summary.created],
    ["Updated", summary.updated],
    ["Unchanged", summary.unchanged],
    ["Not loaded", summary.failed],
  ];
  return (
    <div className="space-y-4">
      {summary.status === "INTERRUPTED" ? (
        <Alert tone="error">
          Interrupted after {count(summary.processedRows)} of {summary.totalRows === null ? "?" : count(summary.totalRows)} rows: {summary.error}
        </Alert>
      ) : summary.error ? (
        <Alert tone="error">The file was refused: {summary.error}</Alert>
      ) : null}
      {summary.status === "RUNNING" ? (
        <Alert>
          Still running: {count(summary.processedRows)} of {summary.totalRows === null ? "?" : count(summary.totalRows)} rows processed. Reload to see more.
        </Alert>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-medium text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5" aria-label="Counts">
        {counts.map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="text-lg font-semibold text-slate-900">{value === null ? "—" : count(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
