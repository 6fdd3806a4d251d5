import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createSystemNumbers, uniquePhoneNumber } from "@/db/factories";
import { conversations } from "@/db/schema";
import { ensureConversation, ensureConversations } from "./conversations";

const db = () => getDb();

/** Resolves once a session of this test's database is blocked on a lock (each test file has its own database). */
async function untilSomeoneWaitsOnALock() {
  for (let i = 0; i < 500; i++) {
    const [row] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (row.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("no session waited on a lock");
}

async function world() {
  const inst = await createInstitution(db());
  const [number] = await createSystemNumbers(db(), inst, 1);
  const owner = await createPerson(db(), inst, { kind: "staff", roles: ["ADVISOR"] });
  const students = await Promise.all([1, 2, 3].map(() => createPerson(db(), inst)));
  const params = (now: Date, counterparts: { personId: string; number: string | null }[]) => ({
    institutionId: inst.id,
    ownerPersonId: owner.id,
    systemNumberId: number.id,
    counterparts,
    now,
  });
  const rows = () =>
    db()
      .select({
        id: conversations.id,
        counterpartPersonId: conversations.counterpartPersonId,
        counterpartNumber: conversations.counterpartNumber,
        systemNumberId: conversations.systemNumberId,
        lastMessageAt: conversations.lastMessageAt,
      })
      .from(conversations)
      .where(and(eq(conversations.institutionId, inst.id), eq(conversations.ownerPersonId, owner.id)));
  return { inst, number, owner, students, params, rows };
}

describe("ensureConversations", () => {
  it("writes nothing for no counterparts", async () => {
    const w = await world();
    expect(await ensureConversations(db(), w.params(new Date(), []))).toEqual(new Map());
    expect(await w.rows()).toEqual([]);
  });

  it("creates one conversation per counterpart, with its number, and returns each id", async () => {
    const w = await world();
    const [a, b] = w.students;
    const phone = uniquePhoneNumber();
    const now = new Date("2026-03-02T15:00:00Z");
    const ids = await ensureConversations(db(), w.params(now, [{ personId: a.id, number: phone }, { personId: b.id, number: null }]));

    const rows = await w.rows();
    expect(rows).toHaveLength(2);
    expect(new Map(rows.map((r) => [r.counterpartPersonId, r.id]))).toEqual(ids);
    expect(rows.find((r) => r.id === ids.get(a.id))).toMatchObject({ counterpartNumber: phone, systemNumberId: w.number.id, lastMessageAt: now });
    expect(rows.find((r) => r.id === ids.get(b.id))).toMatchObject({ counterpartNumber: null, systemNumberId: w.number.id, lastMessageAt: now });
  });

  it("returns the existing conversations unchanged and creates only the missing ones", async () => {
    const w = await world();
    const [a, b, c] = w.students;
    const first = new Date("2026-03-02T15:00:00Z");
    const later = new Date("2026-03-09T15:00:00Z");
    const before = await ensureConversations(db(), w.params(first, [{ personId: a.id, number: null }, { personId: b.id, number: null }]));

    const after = await ensureConversations(db(), w.params(later, [{ personId: b.id, number: uniquePhoneNumber() }, { personId: a.id, number: null }, { personId: c.id, number: null }]));

    expect(after.get(a.id)).toBe(before.get(a.id));
    expect(after.get(b.id)).toBe(before.get(b.id));
    const rows = await w.rows();
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.counterpartPersonId === b.id)).toMatchObject({ counterpartNumber: null, lastMessageAt: first });
    expect(rows.find((r) => r.counterpartPersonId === c.id)).toMatchObject({ id: after.get(c.id), lastMessageAt: later });
  });

  it("a writer that waited on a concurrent one creating the same conversations returns that one's rows", async () => {
    const w = await world();
    const counterparts = w.students.map((s) => ({ personId: s.id, number: null }));
    const now = new Date("2026-03-02T15:00:00Z");
    let waiting: Promise<Map<string, string>> | undefined;
    const first = await db().transaction(async (tx) => {
      const ids = await ensureConversations(tx, w.params(now, counterparts));
      // Started before the first commits: its snapshot sees none of the rows, its inserts wait on them.
      waiting = db().transaction((tx2) => ensureConversations(tx2, w.params(now, counterparts)));
      await untilSomeoneWaitsOnALock();
      return ids;
    });

    expect(await waiting).toEqual(first);
    expect(await w.rows()).toHaveLength(3);
  });

  it("many concurrent writers for the same counterparts get the same conversations, one each", async () => {
    const w = await world();
    const counterparts = w.students.map((s) => ({ personId: s.id, number: null }));
    const now = new Date("2026-03-02T15:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 4 }, () => db().transaction((tx) => ensureConversations(tx, w.params(now, counterparts)))),
    );

    const rows = await w.rows();
    expect(rows).toHaveLength(3);
    const expected = new Map(rows.map((r) => [r.counterpartPersonId, r.id]));
    for (const ids of results) expect(ids).toEqual(expected);
  });

  it("an owner's conversations are not another owner's", async () => {
    const w = await world();
    const [a] = w.students;
    const colleague = await createPerson(db(), w.inst, { kind: "staff", roles: ["ADVISOR"] });
    const mine = await ensureConversations(db(), w.params(new Date(), [{ personId: a.id, number: null }]));
    const theirs = await ensureConversations(db(), { ...w.params(new Date(), [{ personId: a.id, number: null }]), ownerPersonId: colleague.id });

    expect(theirs.get(a.id)).toBeDefined();
    expect(theirs.get(a.id)).not.toBe(mine.get(a.id));
    expect(await w.rows()).toHaveLength(1);
  });
});

describe("ensureConversation (one counterpart, a prepared statement)", () => {
  const one = (w: Awaited<ReturnType<typeof world>>, now: Date, personId: string, number: string | null) => {
    const { counterparts: _, ...rest } = w.params(now, []);
    return { ...rest, counterpart: { personId, number } };
  };

  it("creates the conversation with its number, then returns it unchanged", async () => {
    const w = await world();
    const [a] = w.students;
    const phone = uniquePhoneNumber();
    const first = new Date("2026-03-02T15:00:00Z");
    const id = await ensureConversation(db(), one(w, first, a.id, phone));
    expect(await ensureConversation(db(), one(w, new Date("2026-03-09T15:00:00Z"), a.id, uniquePhoneNumber()))).toBe(id);

    expect(await w.rows()).toEqual([
      { id, counterpartPersonId: a.id, counterpartNumber: phone, systemNumberId: w.number.id, lastMessageAt: first },
    ]);
    // The same conversation as the set-based version finds.
    expect((await ensureConversations(db(), w.params(new Date(), [{ personId: a.id, number: null }]))).get(a.id)).toBe(id);
  });

  it("is prepared on its connection, and a second counterpart gets its own conversation from the same statement", async () => {
    const w = await world();
    const [a, b] = w.students;
    const [ids, prepared] = await db().transaction(async (tx) => {
      const x = await ensureConversation(tx, one(w, new Date(), a.id, null));
      const y = await ensureConversation(tx, one(w, new Date(), b.id, null));
      const rows = await tx.execute<{ n: number }>(sql`
        select count(*)::int as n from pg_prepared_statements where statement like '%insert into conversations%' and statement not like '%unnest%'`);
      return [[x, y], Number(rows[0].n)] as const;
    });
    expect(prepared).toBe(1);
    expect(new Set(ids).size).toBe(2);
    expect(await w.rows()).toHaveLength(2);
  });

  it("a writer that waited on a concurrent one creating the same conversation returns that one's row", async () => {
    const w = await world();
    const [a] = w.students;
    const now = new Date("2026-03-02T15:00:00Z");
    let waiting: Promise<string> | undefined;
    const first = await db().transaction(async (tx) => {
      const id = await ensureConversation(tx, one(w, now, a.id, null));
      waiting = db().transaction((tx2) => ensureConversation(tx2, one(w, now, a.id, null)));
      await untilSomeoneWaitsOnALock();
      return id;
    });

    expect(await waiting).toBe(first);
    expect(await w.rows()).toHaveLength(1);
  });
});
