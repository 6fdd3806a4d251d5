import { and, count, desc, eq, gt, gte, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import {
  simTwilioFaults,
  simTwilioMessages,
  simTwilioOptOuts,
  systemNumbers,
  type SimDirection,
  type SimFaultMode,
  type SimTwilioMessage,
} from "@/db/schema";

/**
 * The simulated Twilio's tables (lib/twilio/simulator/): its fault switch, the messages it
 * carried, its STOP blocklist. Test and development data: the simulator plays one Twilio account
 * for every institution, so these read across institutions unless a filter names one.
 */

export type SimFault = { mode: Exclude<SimFaultMode, "none">; delayMs: number; processRequest: boolean };

export type SetFaultOptions = {
  /** "timeout" only: how long the answer is held back (default 35 s, past the SDK's 30 s). */
  delayMs?: number;
  /** "500" and "timeout": carry the request out before the faulty answer (the ambiguous case). */
  processRequest?: boolean;
};

/**
 * Arms the fault switch: the next `count` API requests answer 429 (never processed, as Twilio
 * promises), 500, or only after `delayMs` ("timeout"). Mode "none" or count 0 disarms it.
 */
export async function setFault(db: DbOrTx, mode: SimFaultMode, count: number, options: SetFaultOptions = {}) {
  const values = {
    mode,
    remaining: mode === "none" ? 0 : count,
    delayMs: options.delayMs ?? 35_000,
    processRequest: options.processRequest ?? false,
    updatedAt: new Date(),
  };
  await db
    .insert(simTwilioFaults)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: simTwilioFaults.id, set: values });
}

/** Takes one fault off the switch, atomically, or null when none is armed. */
export async function takeFault(db: DbOrTx): Promise<SimFault | null> {
  const [row] = await db
    .update(simTwilioFaults)
    .set({ remaining: sql`${simTwilioFaults.remaining} - 1` })
    .where(and(gt(simTwilioFaults.remaining, 0), ne(simTwilioFaults.mode, "none")))
    .returning({ mode: simTwilioFaults.mode, delayMs: simTwilioFaults.delayMs, processRequest: simTwilioFaults.processRequest });
  return row ? { ...row, mode: row.mode as SimFault["mode"] } : null;
}

/** The institution holding a system number (the simulated account owns the pool's numbers), or null. */
export async function findSystemNumberOwner(db: DbOrTx, number: string): Promise<{ institutionId: string } | null> {
  const [owner] = await db.select({ institutionId: systemNumbers.institutionId }).from(systemNumbers).where(eq(systemNumbers.number, number));
  return owner ?? null;
}

/** The sender's institution, and whether Twilio's STOP blocklist blocks `to` from it, in one look-up; null: not a system number. */
export async function findSimSender(db: DbOrTx, params: { from: string; to: string }): Promise<{ institutionId: string; blocked: boolean } | null> {
  const [owner] = await db
    .select({
      institutionId: systemNumbers.institutionId,
      blocked: sql<boolean>`exists (select 1 from ${simTwilioOptOuts} o where o.sender_number = ${params.from} and o.handset_number = ${params.to})`,
    })
    .from(systemNumbers)
    .where(eq(systemNumbers.number, params.from));
  return owner ?? null;
}

export type NewSimMessage = typeof simTwilioMessages.$inferInsert;

/** Records a message the simulated Twilio carried. */
export async function insertSimMessage(db: DbOrTx, values: NewSimMessage): Promise<SimTwilioMessage> {
  const [row] = await db.insert(simTwilioMessages).values(values).returning();
  return row;
}

/** One message of the account by sid, or null. */
export async function findSimMessage(db: DbOrTx, params: { accountSid: string; sid: string }): Promise<SimTwilioMessage | null> {
  const [row] = await db
    .select()
    .from(simTwilioMessages)
    .where(and(eq(simTwilioMessages.accountSid, params.accountSid), eq(simTwilioMessages.sid, params.sid)));
  return row ?? null;
}

/**
 * The account's messages as Twilio's list filters them: To, From, and a window on the time
 * sent (the creation time for one not sent yet), both ends inclusive, or a day (end exclusive);
 * newest first (creation order: stable while callbacks move date_sent between pages).
 */
export async function listSimMessagesPage(
  db: DbOrTx,
  params: {
    accountSid: string;
    to?: string | null;
    from?: string | null;
    sentFrom?: Date;
    sentTo?: Date;
    day?: { start: Date; end: Date };
    limit: number;
    offset: number;
  },
): Promise<SimTwilioMessage[]> {
  const m = simTwilioMessages;
  const sentAt = sql`coalesce(${m.dateSent}, ${m.createdAt})`;
  const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;
  const where: SQL[] = [eq(m.accountSid, params.accountSid)];
  if (params.to) where.push(eq(m.toNumber, params.to));
  if (params.from) where.push(eq(m.fromNumber, params.from));
  if (params.sentFrom) where.push(gte(sentAt, at(params.sentFrom)));
  if (params.sentTo) where.push(lte(sentAt, at(params.sentTo)));
  if (params.day) where.push(gte(sentAt, at(params.day.start)), lt(sentAt, at(params.day.end)));
  return db
    .select()
    .from(m)
    .where(and(...where))
    .orderBy(desc(m.id))
    .limit(params.limit)
    .offset(params.offset);
}

/** Moves a message from status `from` to `next`, stamping date_sent on `sent`; null when it was not in `from`. */
export async function advanceSimMessage(
  db: DbOrTx,
  params: { sid: string; from: string; next: { status: string; errorCode: number | null }; now: Date },
): Promise<SimTwilioMessage | null> {
  const { next, now } = params;
  const [row] = await db
    .update(simTwilioMessages)
    .set({ status: next.status, errorCode: next.errorCode, updatedAt: now, ...(next.status === "sent" ? { dateSent: now } : {}) })
    .where(and(eq(simTwilioMessages.sid, params.sid), eq(simTwilioMessages.status, params.from)))
    .returning();
  return row ?? null;
}

/** Twilio's blocklist: `handsetNumber` texted STOP to `senderNumber` (true) or START (false). */
export async function setSimOptOut(db: DbOrTx, pair: { senderNumber: string; handsetNumber: string }, optedOut: boolean) {
  if (optedOut) await db.insert(simTwilioOptOuts).values(pair).onConflictDoNothing();
  else {
    await db
      .delete(simTwilioOptOuts)
      .where(and(eq(simTwilioOptOuts.senderNumber, pair.senderNumber), eq(simTwilioOptOuts.handsetNumber, pair.handsetNumber)));
  }
}

/** How many messages the app handed to the simulated Twilio (accepted API sends), optionally to one number. */
export async function countSimReceived(db: DbOrTx, filter: { to?: string } = {}): Promise<number> {
  const where = [eq(simTwilioMessages.direction, "outbound-api")];
  if (filter.to) where.push(eq(simTwilioMessages.toNumber, filter.to));
  const [row] = await db.select({ n: count() }).from(simTwilioMessages).where(and(...where));
  return row.n;
}

export type SimMessageFilter = {
  /** Messages to or from this number: a handset's whole inbox and outbox. */
  involving?: string;
  to?: string;
  from?: string;
  institutionId?: string;
  direction?: SimDirection;
  /** Newest first; at most this many (default 100). */
  limit?: number;
};

/** The messages the simulated Twilio carried, newest first. */
export async function listSimMessages(db: DbOrTx, filter: SimMessageFilter = {}) {
  const m = simTwilioMessages;
  const where: (SQL | undefined)[] = [];
  if (filter.involving) where.push(or(eq(m.toNumber, filter.involving), eq(m.fromNumber, filter.involving)));
  if (filter.to) where.push(eq(m.toNumber, filter.to));
  if (filter.from) where.push(eq(m.fromNumber, filter.from));
  if (filter.institutionId) where.push(eq(m.institutionId, filter.institutionId));
  if (filter.direction) where.push(eq(m.direction, filter.direction));
  return db
    .select({
      sid: m.sid,
      institutionId: m.institutionId,
      direction: m.direction,
      from: m.fromNumber,
      to: m.toNumber,
      body: m.body,
      status: m.status,
      errorCode: m.errorCode,
      createdAt: m.createdAt,
    })
    .from(m)
    .where(and(...where))
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(filter.limit ?? 100);
}

export type SimMessage = Awaited<ReturnType<typeof listSimMessages>>[number];
