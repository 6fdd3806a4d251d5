import type { ClientLiveEvent } from "@/lib/live/live-event";

/** What a page shows, as far as live events go (issue 18 item 4). */
export type LiveWatch =
  /** One conversation's thread (its owner: an event about several of theirs covers it too). */
  | { kind: "conversation"; conversationId: string; ownerPersonId: string | null }
  /** A staff member's conversations with their unread counts (the inbox, the Messages badge). */
  | { kind: "inbox"; ownerPersonId: string }
  /** The handset simulator: any text of the institution. */
  | { kind: "handset" }
  /** Sends' progress and results. */
  | { kind: "sends"; batchIds: readonly string[] };

/** Whether `event` changes what `watch` shows (the server has already dropped what the user may not see). */
export function liveEventMatches(watch: LiveWatch, event: ClientLiveEvent): boolean {
  switch (watch.kind) {
    case "conversation":
      return event.k === "m" && (event.c === undefined ? event.o === watch.ownerPersonId : event.c === watch.conversationId);
    case "inbox":
      return (event.k === "m" || event.k === "r") && event.o === watch.ownerPersonId;
    case "handset":
      return event.k === "m" || event.k === "h";
    case "sends":
      return event.k === "s" && watch.batchIds.includes(event.b);
  }
}
