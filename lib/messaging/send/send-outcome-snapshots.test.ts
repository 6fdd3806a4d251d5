import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { markTextDelivered, messageOfSendTo } from "@/db/testing/messages";
import type { Actor } from "@/lib/auth/capabilities";
import { loadActor } from "@/lib/auth/load-actor";
import { getSendOutcomes } from "./get-send-outcomes";
import { refreshSendOutcomeSnapshots, SETTLED_SNAPSHOT_MAX_AGE_MS, SNAPSHOT_MAX_AGE_MS } from "./send-outcome-snapshots";
import { sendMessages } from "./send-messages";

/*
 * Issue 18's results page at 50,000 recipients: a large send's figures are kept
 * (send_outcome_snapshots) — computed by a view that finds none or one too old, and by the
 * worker's round — while a small send's are computed on every view. The "large" send here is
 * three texts whose row says 3,000 recipients (the threshold reads recipient_count).
 */

const t0 = new Date("2026-04-14T15:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const db = () => getDb();
const enabled = (number: string) => [{ number, smsStatus: "SMS_ENABLED" as const, verifiedAt: new Date("2026-01-01") }];

async function snapshotTimes(batchId: string): Promise<string[]> {
  const rows = await db().execute<{ computed_at: Date }>(sql`select computed_at from send_outcome_snapshots where batch_id = ${batchId}`);
  return rows.map((r) => new Date(r.computed_at).toISOString());
}

describe("a send's figures, kept for a large send", () => {
  let inst: FactoryInstitution;
  let advisor: Actor;
  let people: FactoryPerson[];

  async function send(recipientCount: number) {
    const sent = await sendMessages({ ctx: { db: db(), actor: advisor, now: t0 }, input: { recipientIds: people.map((p) => p.id), body: "Orientation is on Friday." } });
    const batchId = sent.batchId!;
    await db().execute(sql`update send_batches set recipient_count = ${recipientCount} where id = ${batchId}`);
    return batchId;
  }
  const delivered = async (batchId: string, i: number, when: Date) => markTextDelivered(db(), await messageOfSendTo(db(), batchId, people[i].id), when);
  const view = (batchId: string, now: Date) => getSendOutcomes({ ctx: { db: db(), actor: advisor, now }, input: { sendId: batchId } });

  beforeAll(async () => {
    inst = await createInstitution(db());
    await createSystemNumbers(db(), inst, 1);
    const person = await createPerson(db(), inst, { kind: "staff", roles: ["ADVISOR"] });
    advisor = (await loadActor(db(), (await createUser(db(), person)).id))!;
    people = await Promise.all([0, 1, 2].map((i) => createPerson(db(), inst, { lastName: `Snap${i}`, phones: enabled(`+1312555${String(700 + i).padStart(4, "0")}`) })));
  });

  it("computes a large send's figures once per SNAPSHOT_MAX_AGE_MS of views, says when, and then computes them again", async () => {
    const batchId = await send(3_000);
    await delivered(batchId, 0, at(60_000));
    const first = await view(batchId, at(120_000));
    expect([first.texts.delivered, first.figuresAsOf]).toEqual([1, at(120_000).toISOString()]);
    expect(await snapshotTimes(batchId)).toEqual([at(120_000).toISOString()]);

    await delivered(batchId, 1, at(130_000));
    const kept = await view(batchId, at(120_000 + SNAPSHOT_MAX_AGE_MS));
    expect([kept.texts.delivered, kept.figuresAsOf]).toEqual([1, at(120_000).toISOString()]);

    const again = await view(batchId, at(120_001 + SNAPSHOT_MAX_AGE_MS));
    expect([again.texts.delivered, again.texts.inFlight, again.figuresAsOf]).toEqual([2, 1, at(120_001 + SNAPSHOT_MAX_AGE_MS).toISOString()]);
    expect(await snapshotTimes(batchId)).toEqual([at(120_001 + SNAPSHOT_MAX_AGE_MS).toISOString()]);
  });

  it("keeps an old send's figures an hour", async () => {
    const batchId = await send(3_000);
    const tenDays = 10 * 86_400_000;
    expect((await view(batchId, at(tenDays))).texts.delivered).toBe(0);
    await delivered(batchId, 2, at(tenDays + 1_000));
    expect((await view(batchId, at(tenDays + SETTLED_SNAPSHOT_MAX_AGE_MS))).texts.delivered).toBe(0);
    expect((await view(batchId, at(tenDays + SETTLED_SNAPSHOT_MAX_AGE_MS + 1))).texts.delivered).toBe(1);
  });

  it("computes a small send's figures on every view and keeps none", async () => {
    const batchId = await send(2_000);
    expect((await view(batchId, at(60_000))).texts.delivered).toBe(0);
    await delivered(batchId, 0, at(61_000));
    const next = await view(batchId, at(62_000));
    expect([next.texts.delivered, next.figuresAsOf]).toEqual([1, at(62_000).toISOString()]);
    expect(await snapshotTimes(batchId)).toEqual([]);
  });

  it("the worker's round computes the recent large sends' missing or stale snapshots, not the small, the old or the fresh", async () => {
    const now = new Date();
    const back = (ms: number) => new Date(now.getTime() - ms);
    const made = async (recipientCount: number, startedMsAgo: number) => {
      const id = await send(recipientCount);
      await db().execute(sql`update send_batches set created_at = ${back(startedMsAgo).toISOString()}::timestamptz, released_at = case when released_at is null then null else ${back(startedMsAgo).toISOString()}::timestamptz end where id = ${id}`);
      return id;
    };
    const missing = await made(5_000, 3_600_000);
    const stale = await made(5_000, 3_600_000);
    const fresh = await made(5_000, 3_600_000);
    const small = await made(100, 3_600_000);
    const old = await made(5_000, 10 * 86_400_000);
    await db().execute(sql`
      insert into send_outcome_snapshots (batch_id, institution_id, summary, computed_at) values
        (${stale}, ${inst.id}, '{}', ${back(50_000).toISOString()}::timestamptz),
        (${fresh}, ${inst.id}, '{}', ${back(10_000).toISOString()}::timestamptz)`);

    const before = new Date();
    expect(await refreshSendOutcomeSnapshots({ db: db(), now })).toBe(2);
    const computedSince = async (id: string) => (await snapshotTimes(id)).map((t) => new Date(t) >= before);
    expect(await computedSince(missing)).toEqual([true]);
    expect(await computedSince(stale)).toEqual([true]);
    expect(await computedSince(fresh)).toEqual([false]);
    expect(await snapshotTimes(small)).toEqual([]);
    expect(await snapshotTimes(old)).toEqual([]);
    // What it stored is what a view shows.
    const shown = await view(missing, new Date());
    expect([shown.texts.total, shown.texts.delivered]).toEqual([3, 0]);
  });
});
