import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { bigintArray, pgArray, ts } from "./sql-values";

/*
 * Quiet hours at dispatch (SPEC §9; lib/messaging/dispatch/quiet-hours-gate.ts): what the
 * worker needs to know of claimed texts, and the holds it writes. Texts are found by id, as the
 * worker's other statements; every fact is read from the text's own institution.
 */

/** One claimed text's quiet-hours facts. */
export type TextQuietFacts = {
  id: number;
  institutionId: string;
  institutionTimeZone: string;
  quietHoursEnabled: boolean;
  narrowing: { startMinute: number | null; endMinute: number | null };
  personTimeZone: string | null;
  personState: string | null;
  /** The recipient (person, or the number texted) sent the institution a text within the reply exemption (false when quiet hours are off: not looked up). */
  repliedRecently: boolean;
  segments: number;
};

/**
 * The quiet-hours facts of these texts at `now`: the institution's settings (quiet hours on when
 * it has no settings row, as the column's default), the recipient's recorded zone and state, and
 * whether the recipient texted in within `quiet_reply_exempt_minutes` — by person, or by the
 * number texted (a reply to an unknown number).
 */
export async function findTextQuietFacts(db: DbOrTx, params: { messageIds: readonly number[]; now: Date }): Promise<TextQuietFacts[]> {
  if (params.messageIds.length === 0) return [];
  const rows = await db.execute<{
    id: string | number;
    institution_id: string;
    institution_time_zone: string;
    enabled: boolean | null;
    start_minute: number | null;
    end_minute: number | null;
    person_time_zone: string | null;
    person_state: string | null;
    replied_recently: boolean;
    segments: number | null;
  }>(sql`
    select m.id, m.institution_id, i.time_zone as institution_time_zone, s.quiet_hours_enabled as enabled,
      s.quiet_window_start_minute as start_minute, s.quiet_window_end_minute as end_minute,
      p.time_zone as person_time_zone, p.state as person_state, m.segments,
      coalesce(s.quiet_hours_enabled, true) and coalesce(s.quiet_reply_exempt_minutes, 60) > 0 and (
        exists (select 1 from messages r
          where r.institution_id = m.institution_id and r.from_person_id = m.to_person_id
            and r.channel = 'SMS' and r.direction = 'INBOUND'
            and r.created_at >= ${ts(params.now)} - make_interval(mins => coalesce(s.quiet_reply_exempt_minutes, 60)))
        or exists (select 1 from messages r
          where r.institution_id = m.institution_id and r.from_address = m.to_address
            and r.channel = 'SMS' and r.direction = 'INBOUND'
            and r.created_at >= ${ts(params.now)} - make_interval(mins => coalesce(s.quiet_reply_exempt_minutes, 60)))
      ) as replied_recently
    from messages m
    join institutions i on i.id = m.institution_id
    left join sms_settings s on s.institution_id = m.institution_id
    left join persons p on p.id = m.to_person_id and p.institution_id = m.institution_id
    where m.id = any(${bigintArray(params.messageIds)}) and m.channel = 'SMS' and m.direction = 'OUTBOUND'`);
  return rows.map((r) => ({
    id: Number(r.id),
    institutionId: r.institution_id,
    institutionTimeZone: r.institution_time_zone,
    quietHoursEnabled: r.enabled ?? true,
    narrowing: { startMinute: r.start_minute, endMinute: r.end_minute },
    personTimeZone: r.person_time_zone,
    personState: r.person_state,
    repliedRecently: r.replied_recently,
    segments: r.segments ?? 1,
  }));
}

/**
 * Segments each sending number has handed to Twilio that Twilio has not sent yet (`queued`,
 * `accepted`), over the last `withinMs` (Twilio keeps a text queued 10 hours at most): the
 * queue a new text waits behind (SPEC §9, no late arrival).
 */
export async function countQueuedSegments(
  db: DbOrTx,
  params: { senders: readonly { institutionId: string; fromAddress: string }[]; now: Date; withinMs: number },
): Promise<Map<string, number>> {
  if (params.senders.length === 0) return new Map();
  const rows = await db.execute<{ institution_id: string; from_address: string; segments: string | number }>(sql`
    select v.institution_id, v.from_address, coalesce(sum(case when m.id is null then 0 else coalesce(m.segments, 1) end), 0) as segments
    from unnest(${pgArray(params.senders.map((s) => s.institutionId))}::uuid[], ${pgArray(params.senders.map((s) => s.fromAddress))}::text[])
      as v(institution_id, from_address)
    left join messages m on m.institution_id = v.institution_id and m.from_address = v.from_address
      and m.created_at >= ${ts(new Date(params.now.getTime() - params.withinMs))}
      and m.channel = 'SMS' and m.direction = 'OUTBOUND' and m.status in ('queued', 'accepted')
    group by v.institution_id, v.from_address`);
  return new Map(rows.map((r) => [`${r.institution_id}:${r.from_address}`, Number(r.segments)]));
}

/** A claimed text to hold until its recipient's window opens. */
export type TextHold = { id: number; attempts: number; heldUntil: Date; timeZone: string };

/**
 * Claimed texts put back to `pending`, held until their window opens (SPEC §9): not claimable
 * (nor re-triggered by the sweep) before `held_until`. The hold is no attempt, so the claim's
 * attempt is given back; a claim a later one overtook writes nothing. Returns the ids held.
 */
export async function holdClaimedTexts(db: DbOrTx, params: { holds: readonly TextHold[]; now: Date }): Promise<Set<number>> {
  if (params.holds.length === 0) return new Set();
  const h = params.holds;
  const rows = await db.execute<{ id: string | number }>(sql`
    update messages m set status = 'pending', attempts = m.attempts - 1, claimed_at = null,
      held_until = v.held_until, held_time_zone = v.time_zone, next_attempt_at = v.held_until, updated_at = ${ts(params.now)}
    from unnest(${bigintArray(h.map((x) => x.id))}, ${pgArray(h.map((x) => x.attempts))}::int[],
      ${pgArray(h.map((x) => x.heldUntil.toISOString()))}::timestamptz[], ${pgArray(h.map((x) => x.timeZone))}::text[])
      as v(id, attempts, held_until, time_zone)
    where m.id = v.id and m.status = 'sending' and m.attempts = v.attempts
    returning m.id`);
  return new Set(rows.map((r) => Number(r.id)));
}

/**
 * A text Twilio let expire in its queue (30036: ValidityPeriod passed, SPEC §9): back to
 * `pending`, held until `heldUntil`, its sid let go (the next hand-over gets a new one; the
 * expiry stays in its events). Only a text still waiting at Twilio under that sid moves.
 */
export async function holdExpiredText(
  tx: DbOrTx,
  params: { messageId: number; sid: string; heldUntil: Date; timeZone: string | null; now: Date },
): Promise<boolean> {
  const rows = await tx.execute(sql`
    update messages set status = 'pending', provider_id = null, claimed_at = null, error_code = null,
      held_until = ${ts(params.heldUntil)}, held_time_zone = ${params.timeZone}, next_attempt_at = ${ts(params.heldUntil)},
      updated_at = ${ts(params.now)}
    where id = ${params.messageId} and channel = 'SMS' and provider_id = ${params.sid} and status in ('queued', 'accepted', 'sending')
    returning id`);
  return rows.length > 0;
}

/** An institution's quiet-hours settings (SPEC §9), as the worker reads them. */
export type InstitutionQuietSettings = {
  institutionTimeZone: string;
  quietHoursEnabled: boolean;
  narrowing: { startMinute: number | null; endMinute: number | null };
};

/** What is known of a recipient for quiet hours, before any text exists (the composer's Review). */
export type RecipientQuietFacts = { personId: string; timeZone: string | null; state: string | null; repliedRecently: boolean };

/**
 * The institution's quiet-hours settings and, for each of its people to be texted at `toAddress`,
 * their recorded zone and state and whether they (or that number) texted the institution within
 * the reply exemption: findTextQuietFacts for texts not yet written.
 */
export async function findRecipientQuietFacts(
  db: DbOrTx,
  params: { institutionId: string; recipients: readonly { personId: string; toAddress: string | null }[]; now: Date },
): Promise<{ settings: InstitutionQuietSettings; recipients: Map<string, RecipientQuietFacts> }> {
  const [s] = await db.execute<{ time_zone: string; enabled: boolean | null; start_minute: number | null; end_minute: number | null }>(sql`
    select i.time_zone, s.quiet_hours_enabled as enabled, s.quiet_window_start_minute as start_minute, s.quiet_window_end_minute as end_minute
    from institutions i left join sms_settings s on s.institution_id = i.id
    where i.id = ${params.institutionId}`);
  const settings: InstitutionQuietSettings = {
    institutionTimeZone: s?.time_zone ?? "America/New_York",
    quietHoursEnabled: s?.enabled ?? true,
    narrowing: { startMinute: s?.start_minute ?? null, endMinute: s?.end_minute ?? null },
  };
  if (params.recipients.length === 0 || !settings.quietHoursEnabled) return { settings, recipients: new Map() };
  const r = params.recipients;
  const rows = await db.execute<{ person_id: string; time_zone: string | null; state: string | null; replied_recently: boolean }>(sql`
    with exempt as (
      select coalesce((select quiet_reply_exempt_minutes from sms_settings where institution_id = ${params.institutionId}), 60) as minutes
    )
    select v.person_id, p.time_zone, p.state,
      exempt.minutes > 0 and (
        exists (select 1 from messages m where m.institution_id = ${params.institutionId} and m.from_person_id = v.person_id
          and m.channel = 'SMS' and m.direction = 'INBOUND' and m.created_at >= ${ts(params.now)} - make_interval(mins => exempt.minutes))
        or exists (select 1 from messages m where m.institution_id = ${params.institutionId} and m.from_address = v.to_address
          and m.channel = 'SMS' and m.direction = 'INBOUND' and m.created_at >= ${ts(params.now)} - make_interval(mins => exempt.minutes))
      ) as replied_recently
    from unnest(${pgArray(r.map((x) => x.personId))}::uuid[], ${pgArray(r.map((x) => x.toAddress))}::text[]) as v(person_id, to_address)
    cross join exempt
    join persons p on p.id = v.person_id and p.institution_id = ${params.institutionId}`);
  return {
    settings,
    recipients: new Map(rows.map((x) => [x.person_id, { personId: x.person_id, timeZone: x.time_zone, state: x.state, repliedRecently: x.replied_recently }])),
  };
}
