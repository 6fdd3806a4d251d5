import { z } from "zod";
import type { PersonPhoneKey } from "@/db/queries/person-phone-view";

/** A position in the Person Phone view: the row to continue from, which way, in which sort. */
export type PersonPhoneCursor = PersonPhoneKey & { direction: "next" | "prev" };

const cursorSchema = z.union([
  z.tuple([z.enum(["next", "prev"]), z.literal("person"), z.string(), z.string(), z.guid()]),
  z.tuple([z.enum(["next", "prev"]), z.literal("number"), z.string(), z.guid()]),
]);

/** Opaque to callers: base64url of [direction, sort, …sort values, id]. */
export function encodePersonPhoneCursor(c: PersonPhoneCursor): string {
  const values = c.sort === "person" ? [c.lastName, c.firstName, c.id] : [c.number, c.id];
  return Buffer.from(JSON.stringify([c.direction, c.sort, ...values])).toString("base64url");
}

/** The cursor, or null when it is not one this module wrote. */
export function decodePersonPhoneCursor(value: string): PersonPhoneCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    const d = parsed.data;
    if (d[1] === "person") return { direction: d[0], sort: "person", lastName: d[2], firstName: d[3], id: d[4] };
    return { direction: d[0], sort: "number", number: d[2], id: d[3] };
  } catch {
    return null;
  }
}
