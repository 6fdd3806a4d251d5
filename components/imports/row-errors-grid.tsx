import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { ImportRowErrorDto } from "@/lib/imports/import-summary";
import type { RowErrorsPage } from "@/lib/imports/read-imports";

const REASON_LABELS: Record<ImportRowErrorDto["reason"], string> = {
  MISSING_FIELD: "Missing field",
  BAD_PHONE: "Bad phone",
  BAD_VALUE: "Bad value",
  UNKNOWN_ROLE: "Unknown role",
  UNKNOWN_PHONE_TYPE: "Unknown phone type",
  DUPLICATE: "Duplicate",
  PHONE_NUMBER_CHANGED: "Phone number changed",
  REJECTED: "Refused by the database",
};

/** The row report: each row that was not loaded, with the reason, the column and the problem. */
export function RowErrorsGrid({ page, basePath }: { page: RowErrorsPage; basePath: string }) {
  const columns: DataGridColumn<ImportRowErrorDto & { n: number }>[] = [
    { key: "row", header: "Row", rowHeader: true, cell: (e) => e.rowNumber },
    { key: "key", header: "Record", cell: (e) => e.recordKey ?? "—" },
    { key: "reason", header: "Reason", cell: (e) => <span title={e.reason}>{REASON_LABELS[e.reason]}</span> },
    { key: "field", header: "Column", cell: (e) => (e.field ? <code className="text-xs">{e.field}</code> : "—") },
    { key: "message", header: "Problem", cell: (e) => e.message },
  ];
  return (
    <DataGrid
      caption="Rows not loaded"
      columns={columns}
      rows={page.items.map((e, n) => ({ ...e, n }))}
      rowKey={(e) => `${e.rowNumber}-${e.n}`}
      basePath={basePath}
      page={page}
      empty="Every row loaded."
    />
  );
}
