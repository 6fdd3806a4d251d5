import { and, count, desc, eq, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { simTwilioMessages, type SimDirection } from "@/db/schema";

/**
 * The simulated Twilio's control panel, for tests and the handset simulator: arm faults, count
 * and read what "Twilio" received, and text the app as a handset would.
 */
export { setFault, type SetFaultOptions } from "@/db/queries/sim-twilio";
export { simulateInbound, type InboundText, type InboundResult, type OptOutType } from "./simulate-inbound";

/** How many messages the app handed to the simulated Twilio (accepted API sends), optionally to one number. */
export async function countReceived(db: DbOrTx, filter: { to?: string } = {}): Promise<number> {
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
