import { and, desc, eq, gt, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { signInAttempts } from "@/db/schema";

/*
 * Sign-in attempts are platform-level (an attempt happens before any institution is known),
 * so these queries filter by email or address, not by institution.
 */

/**
 * Records an attempt before its password is checked, as a failure until proven otherwise:
 * concurrent attempts then see each other, so a burst cannot slip past the limit.
 */
export async function insertSignInAttempt(
  db: DbOrTx,
  attempt: { email: string; ip: string; attemptedAt: Date },
): Promise<{ id: number }> {
  const [row] = await db
    .insert(signInAttempts)
    .values({ email: attempt.email, ip: attempt.ip, success: false, attemptedAt: attempt.attemptedAt })
    .returning({ id: signInAttempts.id });
  return row;
}

export async function markSignInAttemptSucceeded(db: DbOrTx, id: number): Promise<void> {
  await db.update(signInAttempts).set({ success: true }).where(eq(signInAttempts.id, id));
}

/** A refused attempt is forgotten, so hammering a locked account does not extend its lock. */
export async function deleteSignInAttempt(db: DbOrTx, id: number): Promise<void> {
  await db.delete(signInAttempts).where(eq(signInAttempts.id, id));
}

/**
 * Times of recent failures, newest first, at most `limit` each, leaving out `excludeId`: of the
 * (email, address) pair after `pairSince` and after the pair's last successful sign-in, and of
 * the address (any email) after `ipSince`.
 */
export async function listRecentSignInFailures(
  db: DbOrTx,
  params: { email: string; ip: string; pairSince: Date; ipSince: Date; excludeId: number; limit: number },
): Promise<{ byPair: Date[]; byIp: Date[] }> {
  const lastSuccess = sql`coalesce((
    select max(s.attempted_at) from ${signInAttempts} s where s.email = ${params.email} and s.ip = ${params.ip} and s.success
  ), '-infinity'::timestamptz)`;
  const [byPair, byIp] = await Promise.all([
    db
      .select({ at: signInAttempts.attemptedAt })
      .from(signInAttempts)
      .where(
        and(
          eq(signInAttempts.email, params.email),
          eq(signInAttempts.ip, params.ip),
          eq(signInAttempts.success, false),
          ne(signInAttempts.id, params.excludeId),
          gt(signInAttempts.attemptedAt, params.pairSince),
          gt(signInAttempts.attemptedAt, lastSuccess),
        ),
      )
      .orderBy(desc(signInAttempts.attemptedAt))
      .limit(params.limit),
    db
      .select({ at: signInAttempts.attemptedAt })
      .from(signInAttempts)
      .where(
        and(
          eq(signInAttempts.ip, params.ip),
          eq(signInAttempts.success, false),
          ne(signInAttempts.id, params.excludeId),
          gt(signInAttempts.attemptedAt, params.ipSince),
        ),
      )
      .orderBy(desc(signInAttempts.attemptedAt))
      .limit(params.limit),
  ]);
  return { byPair: byPair.map((r) => r.at), byIp: byIp.map((r) => r.at) };
}
