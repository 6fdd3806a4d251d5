import Link from "next/link";
import { DataGrid, type DataGridColumn } from "@/components/data-grid/data-grid";
import type { ImportSummary } from "@/lib/imports/import-summary";
import { count, formatWhen, KIND_LABELS, STATUS_LABELS } from "./import-labels";
import { linkClassName } from "@/components/ui/text-link";

/** The latest imports: who, when, which file, and what became of its rows. */
export function ImportsTable({ imports, timeZone }: { imports: readonly ImportSummary[]; timeZone: string }) {
  const columns: DataGridColumn<ImportSummary>[] = [
    {
      key: "file",
      header: "File",
      rowHeader: true,
      cell: (i) => (
        <Link href={`/admin/imports/${i.id}`} className={linkClassName()}>
          {i.fileName}
        </Link>
      ),
    },
    { key: "kind", header: "Kind", cell: (i) => KIND_LABELS[i.kind] },
    { key: "when", header: "Started", cell: (i) => formatWhen(i.createdAt, timeZone) },
    { key: "by", header: "By", cell: (i) => i.createdBy ?? "Command line" },
    { key: "status", header: "Status", cell: (i) => STATUS_LABELS[i.status] },
    { key: "rows", header: "Rows", cell: (i) => (i.totalRows === null ? "—" : count(i.totalRows)), className: "text-right" },
    { key: "created", header: "Created", cell: (i) => count(i.created), className: "text-right" },
    { key: "updated", header: "Updated", cell: (i) => count(i.updated), className: "text-right" },
    { key: "unchanged", header: "Unchanged", cell: (i) => count(i.unchanged), className: "text-right" },
    { key: "failed", header: "Not loaded", cell: (i) => count(i.failed), className: "text-right" },
  ];
  return <DataGrid caption="Recent imports" columns={columns} rows={imports} rowKey={(i) => i.id} basePath="/admin/imports" empty="No imports yet." emptyHint="Upload a CSV or JSON file above to add or update people." />;
}
