import { z } from "zod";
import type { ReportKey } from "@/db/queries/message-report";

/** A position in the report: the row to continue from and which way to go. */
export type ReportCursor = ReportKey & { direction: "next" | "prev" };

const cursorSchema = z.tuple([
  z.enum(["next", "prev"]),
  z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/),
  z.number().int().positive(),
]);

/** Opaque to callers: base64url of the direction and the keyset values (created_at text, id). */
export function encodeReportCursor(c: ReportCursor): string {
  return Buffer.from(JSON.stringify([c.direction, c.createdAt, c.id])).toString("base64url");
}

/** The cursor, or null when it is not one this module wrote. */
export function decodeReportCursor(value: string): ReportCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    const [direction, createdAt, id] = parsed.data;
    return { direction, createdAt, id };
  } catch {
    return null;
  }
}
