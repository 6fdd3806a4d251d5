import { z } from "zod";
import type { ConversationKey } from "@/db/queries/conversations";

/** A position in a conversation list: the row to continue from and which way to go. */
export type ConversationCursor = ConversationKey & { direction: "next" | "prev" };

const cursorSchema = z.tuple([z.enum(["next", "prev"]), z.iso.datetime({ precision: 6 }), z.guid()]);

/** Opaque to callers: base64url of the keyset values. */
export function encodeConversationCursor(c: ConversationCursor): string {
  return Buffer.from(JSON.stringify([c.direction, c.latestAt, c.id])).toString("base64url");
}

/** The cursor, or null when it is not one this module wrote. */
export function decodeConversationCursor(value: string): ConversationCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (!parsed.success) return null;
    const [direction, latestAt, id] = parsed.data;
    return { direction, latestAt, id };
  } catch {
    return null;
  }
}
