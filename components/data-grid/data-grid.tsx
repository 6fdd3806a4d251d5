import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { TableFrame } from "@/components/ui/table-frame";
import { gridHref, type GridParams } from "./grid-href";
import { GridPagination } from "./grid-pagination";

export type DataGridColumn<Row> = {
  key: string;
  header: string;
  cell: (row: Row) => React.ReactNode;
  /** The column names the row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** The header links to sorting by `key` (state in the URL: `sort`, `dir`). */
  sortable?: boolean;
  className?: string;
};

export type DataGridSort = { key: string; dir: "asc" | "desc" };

/**
 * The one server-paginated grid (STYLE: people, phones, usage, report). Everything lives in the
 * URL: sort headers and Previous/Next are links, so the server renders each page and the
 * browser's back button works. An accessible table: caption, column headers, a row header.
 */
export function DataGrid<Row>({
  caption,
  columns,
  rows,
  rowKey,
  basePath,
  params = {},
  sort,
  page,
  empty = "Nothing to show.",
  emptyHint,
}: {
  caption: string;
  columns: readonly DataGridColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  basePath: string;
  params?: GridParams;
  sort?: DataGridSort;
  page?: { prevCursor: string | null; nextCursor: string | null };
  empty?: string;
  /** What to do about an empty list, under `empty` (issue 15.14: a friendly empty state). */
  emptyHint?: React.ReactNode;
}) {
  if (rows.length === 0 && !page?.prevCursor) return <EmptyState title={empty}>{emptyHint}</EmptyState>;
  return (
    <div>
      <TableFrame label={caption}>
        <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50">
            <tr>
              {columns.map((col) => (
                <th
                  key={col.key}
                  scope="col"
                  aria-sort={sort?.key === col.key ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
                  className={`px-4 py-2 font-semibold text-slate-700 ${col.className ?? ""}`}
                >
                  {col.sortable ? <SortLink col={col} sort={sort} basePath={basePath} params={params} /> : col.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={rowKey(row)} className="align-top">
                {columns.map((col) =>
                  col.rowHeader ? (
                    <th key={col.key} scope="row" className={`px-4 py-2 font-medium text-slate-900 ${col.className ?? ""}`}>
                      {col.cell(row)}
                    </th>
                  ) : (
                    <td key={col.key} className={`px-4 py-2 text-slate-700 ${col.className ?? ""}`}>
                      {col.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      {page ? <GridPagination basePath={basePath} params={params} prevCursor={page.prevCursor} nextCursor={page.nextCursor} /> : null}
    </div>
  );
}

function SortLink<Row>({ col, sort, basePath, params }: { col: DataGridColumn<Row>; sort?: DataGridSort; basePath: string; params: GridParams }) {
  const active = sort?.key === col.key;
  const nextDir = active && sort.dir === "asc" ? "desc" : "asc";
  return (
    <Link href={gridHref(basePath, params, { sort: col.key, dir: nextDir, cursor: undefined })} className="inline-flex items-center gap-1 hover:underline">
      {col.header}
      <span aria-hidden="true">{active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}</span>
      <span className="sr-only">{`, sort ${nextDir === "asc" ? "ascending" : "descending"}`}</span>
    </Link>
  );
}
