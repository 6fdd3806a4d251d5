import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { uniqueSuffix } from "@/db/factories";
import { signInAttempts } from "@/db/schema";
import {
  deleteSignInAttempt,
  insertSignInAttempt,
  listRecentSignInFailures,
  markSignInAttemptSucceeded,
} from "./sign-in-attempts";

const t0 = new Date("2026-03-02T15:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function fresh() {
  const s = uniqueSuffix();
  return { email: `someone-${s}@example.edu`, ip: `198.51.100.${s}` };
}

describe("sign-in attempt queries", () => {
  it("records an attempt as a failure until marked successful; deletes refused ones", async () => {
    const db = getDb();
    const { email, ip } = fresh();
    const a = await insertSignInAttempt(db, { email, ip, attemptedAt: at(0) });
    const b = await insertSignInAttempt(db, { email, ip, attemptedAt: at(1) });
    await markSignInAttemptSucceeded(db, a.id);
    await deleteSignInAttempt(db, b.id);
    const rows = await db
      .select({ id: signInAttempts.id, success: signInAttempts.success, attemptedAt: signInAttempts.attemptedAt })
      .from(signInAttempts)
      .where(eq(signInAttempts.email, email));
    expect(rows).toEqual([{ id: a.id, success: true, attemptedAt: at(0) }]);
  });

  it("lists failures in the windows, newest first, capped, leaving out the current attempt", async () => {
    const db = getDb();
    const { email, ip } = fresh();
    for (const m of [-20, -16, -14, -10, -5, -1]) await insertSignInAttempt(db, { email, ip, attemptedAt: at(m) });
    const current = await insertSignInAttempt(db, { email, ip, attemptedAt: at(0) });

    const all = await listRecentSignInFailures(db, { email, ip, pairSince: at(-15), ipSince: at(-15), excludeId: current.id, limit: 10 });
    expect(all).toEqual({ byPair: [at(-1), at(-5), at(-10), at(-14)], byIp: [at(-1), at(-5), at(-10), at(-14)] });

    const windows = await listRecentSignInFailures(db, { email, ip, pairSince: at(-30), ipSince: at(-6), excludeId: current.id, limit: 10 });
    expect(windows).toEqual({ byPair: [at(-1), at(-5), at(-10), at(-14), at(-16), at(-20)], byIp: [at(-1), at(-5)] });

    const capped = await listRecentSignInFailures(db, { email, ip, pairSince: at(-15), ipSince: at(-15), excludeId: current.id, limit: 2 });
    expect(capped).toEqual({ byPair: [at(-1), at(-5)], byIp: [at(-1), at(-5)] });
  });

  it("counts a pair's failures only since the pair's last success, an address's regardless", async () => {
    const db = getDb();
    const { email, ip } = fresh();
    await insertSignInAttempt(db, { email, ip, attemptedAt: at(-9) });
    await insertSignInAttempt(db, { email, ip, attemptedAt: at(-8) });
    const ok = await insertSignInAttempt(db, { email, ip, attemptedAt: at(-7) });
    await markSignInAttemptSucceeded(db, ok.id);
    await insertSignInAttempt(db, { email, ip, attemptedAt: at(-3) });
    const current = await insertSignInAttempt(db, { email, ip, attemptedAt: at(0) });

    expect(await listRecentSignInFailures(db, { email, ip, pairSince: at(-15), ipSince: at(-15), excludeId: current.id, limit: 10 })).toEqual({
      byPair: [at(-3)],
      byIp: [at(-3), at(-8), at(-9)],
    });
    // A success from another client does not clear this pair's failures.
    const elsewhere = await insertSignInAttempt(db, { email, ip: `${ip}9`, attemptedAt: at(-1) });
    await markSignInAttemptSucceeded(db, elsewhere.id);
    expect((await listRecentSignInFailures(db, { email, ip, pairSince: at(-15), ipSince: at(-15), excludeId: current.id, limit: 10 })).byPair).toEqual([at(-3)]);
  });

  it("keeps pairs apart: the same email from another address, another email from this one", async () => {
    const db = getDb();
    const a = fresh();
    const b = fresh();
    await insertSignInAttempt(db, { email: a.email, ip: b.ip, attemptedAt: at(-2) });
    await insertSignInAttempt(db, { email: b.email, ip: a.ip, attemptedAt: at(-1) });
    const current = await insertSignInAttempt(db, { email: a.email, ip: a.ip, attemptedAt: at(0) });

    expect(await listRecentSignInFailures(db, { email: a.email, ip: a.ip, pairSince: at(-15), ipSince: at(-15), excludeId: current.id, limit: 10 })).toEqual({
      byPair: [],
      byIp: [at(-1)],
    });
  });
});
