import Link from "next/link";
import { gridHref, type GridParams } from "./grid-href";

const LINK = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100";
const DISABLED = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400";

/** Keyset paging: Previous / Next links carrying the cursor, the rest of the state kept. */
export function GridPagination({
  basePath,
  params,
  prevCursor,
  nextCursor,
}: {
  basePath: string;
  params: GridParams;
  prevCursor: string | null;
  nextCursor: string | null;
}) {
  if (!prevCursor && !nextCursor) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex justify-between">
      {prevCursor ? (
        <Link href={gridHref(basePath, params, { cursor: prevCursor })} className={LINK} rel="prev">
          Previous
        </Link>
      ) : (
        <span aria-disabled="true" className={DISABLED}>
          Previous
        </span>
      )}
      {nextCursor ? (
        <Link href={gridHref(basePath, params, { cursor: nextCursor })} className={LINK} rel="next">
          Next
        </Link>
      ) : (
        <span aria-disabled="true" className={DISABLED}>
          Next
        </span>
      )}
    </nav>
  );
}
