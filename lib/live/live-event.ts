import { z } from "zod";
import type { Actor } from "@/lib/auth/capabilities";
import { can } from "@/lib/auth/policy";

/*
 * The events of the live stream (issue 18 item 4), as NOTIFY carries them (db/queries/live-events.ts)
 * and as the browser receives them: ids only.
 */

const id = z.string().min(1).max(64);

export const liveEventSchema = z.discriminatedUnion("k", [
  /** Messages of a conversation were written or changed; without `c`, several of owner `o`'s. */
  z.object({ k: z.literal("m"), i: id, c: id.optional(), o: id.nullable(), p: z.boolean() }),
  /** The owner read conversation `c`: their unread counts changed. */
  z.object({ k: z.literal("r"), i: id, c: id, o: id.nullable(), p: z.boolean() }),
  /** Send `b` of user `u` moved on (rows written, handed over, statuses back). */
  z.object({ k: z.literal("s"), i: id, b: id, u: id }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

/**
 * What a browser receives: an event it may see as it is; `h` (the handset simulator's "a text
 * moved in your institution", no ids) in place of a message event it may not see, for an
 * administrator while Twilio is simulated; `resync` when events may have been missed (the
 * server's LISTEN reconnected): refresh once.
 */
export type ClientLiveEvent = LiveEvent | { k: "h" } | { k: "resync" };

/** A NOTIFY payload as an event, or null when it is not one (never trusted further than its shape). */
export function parseLiveEvent(payload: string): LiveEvent | null {
  try {
    const parsed = liveEventSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type LiveViewer = Pick<Actor, "institutionId" | "personId" | "userId" | "capabilities"> & {
  /** The handset simulator is open to them (an administrator while Twilio is simulated). */
  handset: boolean;
};

/**
 * What `viewer` receives of `event`, or null (SPEC §1: nothing of another institution; the
 * policy's own rules within it):
 * - a message or read event, when they may read the conversation (`conversation.read`: its
 *   owner; administrators the unmatched ones). An event about several of an owner's
 *   conversations (no `c`) is read as being about a conversation with a person when `p` says
 *   all were — so it reaches their owner, and administrators only when some were unmatched;
 * - a send event, when they may read the send (`send.read`: its sender; administrators all);
 * - otherwise, for a message event and a handset viewer, `{ k: "h" }`.
 */
export function eventForViewer(viewer: LiveViewer, event: LiveEvent): ClientLiveEvent | null {
  if (event.i !== viewer.institutionId) return null;
  if (event.k === "s") return can(viewer, "send.read", { institutionId: event.i, fromUserId: event.u }) ? event : null;
  const subject = { institutionId: event.i, ownerPersonId: event.o, counterpartPersonId: event.p ? "person" : null };
  if (can(viewer, "conversation.read", subject)) return event;
  return event.k === "m" && viewer.handset ? { k: "h" } : null;
}
