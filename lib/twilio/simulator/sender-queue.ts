/**
 * The simulated Twilio's queue per sending number (SPEC §9; Twilio sends about one segment per
 * second per long code and queues the rest for up to ValidityPeriod): a text leaves the queue
 * when the texts before it from its number have gone, at `segmentsPerSecond`; one that would
 * leave after its ValidityPeriod expires there instead (error 30036) and takes no sending time.
 * In memory, per simulator process, as Twilio's queue is nothing the app can read.
 */
export type SenderQueue = {
  /** Segments per second each From number sends; 0 = no queue (every text leaves at once). */
  segmentsPerSecond: number;
  /** When each From number's queue is empty again (epoch ms). */
  freeAt: Map<string, number>;
  /** The queue's clock (epoch ms); tests pin it. */
  clock: () => number;
};

export function createSenderQueue(segmentsPerSecond: number, clock: () => number = Date.now): SenderQueue {
  return { segmentsPerSecond, freeAt: new Map(), clock };
}

/** What becomes of a text handed over at `nowMs`: it leaves after `leavesInMs`, or expires after `expiresInMs`. */
export type QueueFate = { kind: "leaves"; leavesInMs: number } | { kind: "expires"; expiresInMs: number };

/** Queues a text of `segments` from `from`, with its ValidityPeriod in seconds (Twilio's default 36,000). */
export function enqueueText(queue: SenderQueue, p: { from: string; segments: number; validitySeconds: number; nowMs: number }): QueueFate {
  if (queue.segmentsPerSecond <= 0) return { kind: "leaves", leavesInMs: 0 };
  const start = Math.max(p.nowMs, queue.freeAt.get(p.from) ?? 0);
  const leaves = start + (p.segments / queue.segmentsPerSecond) * 1000;
  if (leaves - p.nowMs > p.validitySeconds * 1000) return { kind: "expires", expiresInMs: p.validitySeconds * 1000 };
  queue.freeAt.set(p.from, leaves);
  return { kind: "leaves", leavesInMs: leaves - p.nowMs };
}
