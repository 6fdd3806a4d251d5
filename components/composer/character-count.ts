import type { SegmentCount } from "@/lib/messaging/send/segments";

/**
 * The counter under a message (issue 15.12): characters as a person sees them (graphemes — an
 * emoji or a flag is one), against smsMaxLength. The limit itself counts UTF-16 code units as
 * Twilio does (an emoji takes 2, a flag 4), so when the two differ the counter says how much of
 * the limit is used; segments always count as Twilio does (GSM-7 septets / UCS-2 code units).
 */
export function characterCountText(count: SegmentCount, smsMaxLength: number): string {
  const n = (v: number) => v.toLocaleString("en-US");
  const length =
    count.graphemes === count.characters
      ? `${n(count.characters)} / ${n(smsMaxLength)} characters`
      : `${n(count.graphemes)} ${count.graphemes === 1 ? "character" : "characters"} (${n(count.characters)} / ${n(smsMaxLength)} of the length limit: emoji count 2 or more)`;
  const segments = `${count.segments} SMS ${count.segments === 1 ? "segment" : "segments"} (${count.encoding}, ${count.perSegment} per segment)`;
  return `${length} · ${segments}${count.characters > smsMaxLength ? " — too long to send" : ""}`;
}
