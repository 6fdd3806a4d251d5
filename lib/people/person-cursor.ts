import { z } from "zod";
import type { PersonKey } from "@/db/queries/persons";

/** A position in the people list: the row to continue from and which way to go. */
export type PersonCursor = PersonKey & { direction: "next" | "prev" };

const cursorSchema = z.tuple([z.enum(["next", "prev"]), z.string(), z.string(), z.guid()]);

/** Opaque to callers: base64url of the keyset values (last name, first name, id). */
export function encodePersonCursor(c: PersonCursor): string {
  return Buffer.from(JSON.stringify([c.direction, c.lastName, c.firstName, c.id])).toString("base64url");
}

/** The cursor, or null when it is not one this module wrote. */
export function decodePersonCursor(value: string): PersonCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    const [direction, lastName, firstName, id] = parsed.data;
    return { direction, lastName, firstName, id };
  } catch {
    return null;
  }
}
