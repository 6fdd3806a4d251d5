import { describe, expect, it } from "vitest";
import { readKeysetPage, type KeysetDirection } from "./keyset-page";

/** A list of the numbers 1..count in ascending order; a cursor is "next:3" or "prev:3". */
function list(count: number) {
  const all = Array.from({ length: count }, (_, i) => i + 1);
  const queries: { backwards: boolean; limit: number }[] = [];
  async function page(limit: number, cursor?: string) {
    const [direction, at] = cursor ? (cursor.split(":") as [KeysetDirection, string]) : [undefined, "0"];
    return readKeysetPage({
      limit,
      direction,
      fetch: async (query) => {
        queries.push(query);
        const from = Number(at);
        const rows = query.backwards ? all.filter((n) => n < from).reverse() : all.filter((n) => n > from);
        return rows.slice(0, query.limit);
      },
      encode: (row, dir) => `${dir}:${row}`,
    });
  }
  return { page, queries };
}

describe("readKeysetPage", () => {
  it("asks for one row more than the page, backwards only for a prev cursor", async () => {
    const { page, queries } = list(10);
    await page(3);
    await page(3, "next:3");
    await page(3, "prev:7");
    expect(queries).toEqual([
      { backwards: false, limit: 4 },
      { backwards: false, limit: 4 },
      { backwards: true, limit: 4 },
    ]);
  });

  it("walks forward to the end and back to the start with the cursors it gives", async () => {
    const { page } = list(7);
    const first = await page(3);
    expect(first).toEqual({ rows: [1, 2, 3], nextCursor: "next:3", prevCursor: null });
    const second = await page(3, first.nextCursor!);
    expect(second).toEqual({ rows: [4, 5, 6], nextCursor: "next:6", prevCursor: "prev:4" });
    const third = await page(3, second.nextCursor!);
    expect(third).toEqual({ rows: [7], nextCursor: null, prevCursor: "prev:7" });

    const back = await page(3, third.prevCursor!);
    expect(back).toEqual({ rows: [4, 5, 6], nextCursor: "next:6", prevCursor: "prev:4" });
    const start = await page(3, back.prevCursor!);
    expect(start).toEqual({ rows: [1, 2, 3], nextCursor: "next:3", prevCursor: null });
  });

  it("has no next cursor when the rows fill the page exactly", async () => {
    const { page } = list(6);
    expect(await page(3, "next:3")).toEqual({ rows: [4, 5, 6], nextCursor: null, prevCursor: "prev:4" });
    expect(await page(6)).toEqual({ rows: [1, 2, 3, 4, 5, 6], nextCursor: null, prevCursor: null });
  });

  it("going backwards, always has a next page and a previous one only while rows remain", async () => {
    const { page } = list(6);
    expect(await page(3, "prev:4")).toEqual({ rows: [1, 2, 3], nextCursor: "next:3", prevCursor: null });
    expect(await page(2, "prev:4")).toEqual({ rows: [2, 3], nextCursor: "next:3", prevCursor: "prev:2" });
  });

  it("gives no cursors for an empty page, whichever way it was reached", async () => {
    const { page } = list(0);
    expect(await page(3)).toEqual({ rows: [], nextCursor: null, prevCursor: null });
    expect(await page(3, "next:5")).toEqual({ rows: [], nextCursor: null, prevCursor: null });
    expect(await page(3, "prev:1")).toEqual({ rows: [], nextCursor: null, prevCursor: null });
  });
});
