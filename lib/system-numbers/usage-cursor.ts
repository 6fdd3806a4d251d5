import { z } from "zod";
import { USAGE_SORTS, type UsageKey, type UsageRow, type UsageSort } from "@/db/queries/phone-number-usage";

/** A position in the Phone Number Usage grid: the order it belongs to, the row to continue from, which way. */
export type UsageCursor = UsageKey & { sort: UsageSort; direction: "next" | "prev" };

const cursorSchema = z.tuple([z.enum(["next", "prev"]), z.enum(USAGE_SORTS), z.array(z.string()).min(1).max(2), z.guid()]);

/** The sort values of a row in `sort`'s order, as the keyset compares them. */
export function usageKeyOf(row: UsageRow, sort: UsageSort): UsageKey {
  const values = sort === "name" ? [row.lastName, row.firstName] : sort === "number" ? [row.number] : [row.assignedKey];
  return { values, id: row.assignmentId };
}

/** Opaque to callers: base64url of [direction, sort, values, id]. */
export function encodeUsageCursor(c: UsageCursor): string {
  return Buffer.from(JSON.stringify([c.direction, c.sort, c.values, c.id])).toString("base64url");
}

/** The cursor, or null when it is not one this module wrote. */
export function decodeUsageCursor(value: string): UsageCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    const [direction, sort, values, id] = parsed.data;
    if (values.length !== (sort === "name" ? 2 : 1)) return null;
    return { direction, sort, values, id };
  } catch {
    return null;
  }
}
