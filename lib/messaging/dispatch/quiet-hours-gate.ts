import "server-only";
import { countQueuedSegments, findTextQuietFacts } from "@/db/queries/quiet-hours";
import { log } from "@/lib/log";
import { isOpen, nextOpen, windowEnd, type RecipientLocation } from "@/lib/quiet-hours";
import { locate } from "@/lib/quiet-hours/locate";
import type { ServiceContext, ProviderActor } from "@/lib/service-context";

/** What the worker does with one claimed text at its hand-over (SPEC §9). */
export type GateDecision =
  /** Hand it over now; `validityPeriod` (seconds, Twilio's ValidityPeriod) when its window closes. */
  | { kind: "go"; validityPeriod: number | null }
  /** Keep it pending until `until`, the start of the recipient's next window. */
  | { kind: "hold"; until: Date; timeZone: string };

/** Twilio accepts 1–36,000 s; below a few seconds a text would expire on its way in (">5 recommended"). */
export const VALIDITY = { minSeconds: 5, maxSeconds: 36_000 } as const;
/** How long Twilio keeps a text queued at most: older `queued` rows are not in its queue. */
const TWILIO_QUEUE_MS = 10 * 3_600_000;

type GateText = { id: number; institution_id: string; from_address: string | null; to_address: string | null };

/**
 * Quiet hours at the moment of hand-over (SPEC §9, issue 16 items 4–5), for a worker's claimed
 * texts at `ctx.now`: a text goes when quiet hours are off for its institution, when the
 * recipient texted in within the reply exemption, or when the recipient's window is open and
 * its sending number can get it out of Twilio's queue before the window closes — counting what
 * that number already has queued there and the texts before it in this batch, at
 * `segmentsPerSecond`. It goes with a ValidityPeriod of the seconds left in the window, so a text
 * Twilio still holds when the window closes expires (30036) instead of arriving late. Any other
 * text is held until the next window start (the recipient's, or after this window's end).
 * Emails never come here.
 */
export async function gateTexts(
  ctx: ServiceContext<ProviderActor>,
  texts: readonly GateText[],
  options: { segmentsPerSecond: number },
): Promise<Map<number, GateDecision>> {
  const decisions = new Map<number, GateDecision>();
  const facts = new Map((await findTextQuietFacts(ctx.db, { messageIds: texts.map((t) => t.id), now: ctx.now })).map((f) => [f.id, f]));
  // Only the numbers of texts quiet hours apply to: with quiet hours off nothing more is read.
  const senders = new Map<string, { institutionId: string; fromAddress: string }>();
  for (const t of texts) {
    const f = facts.get(t.id);
    if (t.from_address && f?.quietHoursEnabled && !f.repliedRecently) senders.set(senderKey(t), { institutionId: t.institution_id, fromAddress: t.from_address });
  }
  const queued = await countQueuedSegments(ctx.db, { senders: [...senders.values()], now: ctx.now, withinMs: TWILIO_QUEUE_MS });
  const now = ctx.now;

  for (const t of texts) {
    const f = facts.get(t.id);
    if (!f || !f.quietHoursEnabled || f.repliedRecently) {
      decisions.set(t.id, { kind: "go", validityPeriod: null });
      continue;
    }
    const where = await locate({ timeZone: f.personTimeZone, state: f.personState, phone: t.to_address }, f.institutionTimeZone);
    const hold = (from: Date): GateDecision => ({ kind: "hold", until: safeNextOpen(from, where, f.narrowing), timeZone: displayZone(where) });
    if (!isOpen(now, where, f.narrowing)) {
      decisions.set(t.id, hold(now));
      continue;
    }
    const end = windowEnd(now, where, f.narrowing);
    const key = senderKey(t);
    const ahead = queued.get(key) ?? 0;
    const leavesAt = now.getTime() + ((ahead + f.segments) / options.segmentsPerSecond) * 1000;
    const secondsLeft = Math.floor((end.getTime() - now.getTime()) / 1000);
    if (leavesAt > end.getTime() || secondsLeft < VALIDITY.minSeconds) {
      decisions.set(t.id, hold(end));
      continue;
    }
    queued.set(key, ahead + f.segments);
    decisions.set(t.id, { kind: "go", validityPeriod: Math.min(VALIDITY.maxSeconds, secondsLeft) });
  }
  return decisions;
}

/**
 * The next window start after a text expired at Twilio (30036), for a text of `institution`
 * going to `recipient`: the same location rules as the gate. Null when quiet hours are off
 * (the text goes again at once).
 */
export async function nextWindowAfterExpiry(
  ctx: ServiceContext<ProviderActor>,
  text: GateText,
): Promise<{ until: Date; timeZone: string } | null> {
  const [f] = await findTextQuietFacts(ctx.db, { messageIds: [text.id], now: ctx.now });
  if (!f || !f.quietHoursEnabled) return null;
  const where = await locate({ timeZone: f.personTimeZone, state: f.personState, phone: text.to_address }, f.institutionTimeZone);
  return { until: safeNextOpen(ctx.now, where, f.narrowing), timeZone: displayZone(where) };
}

function senderKey(t: GateText) {
  return `${t.institution_id}:${t.from_address}`;
}

/** The zone a hold is shown in: with several (an area code spanning zones), the first, as Google lists them sorted. */
function displayZone(where: RecipientLocation) {
  return where.timeZones[0];
}

/** nextOpen, or a day later when a narrowing leaves the recipient no window at all (logged: the setting needs fixing). */
function safeNextOpen(from: Date, where: RecipientLocation, narrowing: { startMinute: number | null; endMinute: number | null }): Date {
  try {
    return nextOpen(from, where, narrowing);
  } catch (err) {
    log.error("quiet hours leave no window", { state: where.state, zones: where.timeZones.join(","), error: String(err) });
    return new Date(from.getTime() + 86_400_000);
  }
}
