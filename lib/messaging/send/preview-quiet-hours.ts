import "server-only";
import { findRecipientQuietFacts } from "@/db/queries/quiet-hours";
import { isOpen, nextOpen, zoneShortName } from "@/lib/quiet-hours";
import { locate } from "@/lib/quiet-hours/locate";
import type { ServiceContext } from "@/lib/service-context";

/** Texts a send would hold for quiet hours if it went now, per recipient zone and release time. */
export type QuietHoursPreview = {
  enabled: boolean;
  /** Largest groups first; empty when every text would go at once. */
  held: { timeZone: string; zoneName: string; until: string; count: number }[];
};

/**
 * The composer's Review (SPEC §9, issue 16 item 4: "Review shows how many texts will be held and
 * until when, per zone"): for each text of the send, the same rules as the worker's gate at
 * `ctx.now` — the recipient's location (record, area code, institution), the reply exemption, the
 * institution's narrowing — grouped by the recipient's zone and the window start it waits for.
 * The worker decides again at the hand-over; this says what would happen now.
 */
export async function previewQuietHours(
  ctx: ServiceContext,
  texts: readonly { recipientId: string; toAddress: string | null }[],
): Promise<QuietHoursPreview> {
  const { settings, recipients } = await findRecipientQuietFacts(ctx.db, {
    institutionId: ctx.actor.institutionId,
    recipients: texts.map((t) => ({ personId: t.recipientId, toAddress: t.toAddress })),
    now: ctx.now,
  });
  if (!settings.quietHoursEnabled) return { enabled: false, held: [] };
  const groups = new Map<string, QuietHoursPreview["held"][number]>();
  for (const t of texts) {
    const facts = recipients.get(t.recipientId);
    if (!facts || facts.repliedRecently) continue;
    const where = await locate({ timeZone: facts.timeZone, state: facts.state, phone: t.toAddress }, settings.institutionTimeZone);
    if (isOpen(ctx.now, where, settings.narrowing)) continue;
    let until: Date;
    try {
      until = nextOpen(ctx.now, where, settings.narrowing);
    } catch {
      continue;
    }
    const timeZone = where.timeZones[0];
    const key = `${timeZone}|${until.toISOString()}`;
    const group = groups.get(key) ?? { timeZone, zoneName: zoneShortName(timeZone, until), until: until.toISOString(), count: 0 };
    group.count++;
    groups.set(key, group);
  }
  return { enabled: true, held: [...groups.values()].sort((a, b) => b.count - a.count || a.until.localeCompare(b.until)) };
}
