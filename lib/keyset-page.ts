/** Which way a cursor continues: past the last row of its page, or before the first. */
export type KeysetDirection = "next" | "prev";

export type KeysetPage<Row> = { rows: Row[]; nextCursor: string | null; prevCursor: string | null };

/**
 * One page of a keyset-paginated list, in display order, with the cursors to its neighbours.
 * `fetch` reads at most `limit` rows from the cursor's row (exclusive) — in the list's order, or
 * in reverse when `backwards` (a "prev" cursor) — and is asked for one row more than the page,
 * which tells whether more rows lie beyond it. A page reached going forward has a previous page;
 * one reached going backwards has a next one. `encode` turns a row into the cursor that
 * continues from it in `direction`.
 */
export async function readKeysetPage<Row>({
  limit,
  direction,
  fetch,
  encode,
}: {
  limit: number;
  /** The direction of the page's cursor; none for the first page. */
  direction: KeysetDirection | undefined;
  fetch: (query: { backwards: boolean; limit: number }) => Promise<Row[]>;
  encode: (row: Row, direction: KeysetDirection) => string;
}): Promise<KeysetPage<Row>> {
  const backwards = direction === "prev";
  const rows = await fetch({ backwards, limit: limit + 1 });
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();

  const first = page[0];
  const last = page[page.length - 1];
  const hasNext = backwards || more;
  const hasPrev = backwards ? more : direction === "next";
  return {
    rows: page,
    nextCursor: hasNext && last !== undefined ? encode(last, "next") : null,
    prevCursor: hasPrev && first !== undefined ? encode(first, "prev") : null,
  };
}
