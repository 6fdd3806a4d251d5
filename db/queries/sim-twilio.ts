import { and, gt, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { simTwilioFaults, type SimFaultMode } from "@/db/schema";

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
