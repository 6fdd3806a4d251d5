import type { Db } from "@/db";
import type { Actor, SystemActor } from "@/lib/auth/capabilities";

/**
 * The system acting for Twilio's webhooks or the worker: no user, and no institution until the
 * rows it touches name one (the number a text came to, the message a callback is about).
 * Imports and the seed act for one institution: SystemActor (lib/auth/capabilities.ts).
 */
export type ProviderActor = { kind: "system"; source: "twilio" | "worker" };

/**
 * What every lib orchestrator receives (STYLE rule 2): the database, who acts, and the time
 * (passed in, never read from the clock inside rules). Server actions and API routes build it
 * for the signed-in user (lib/action.ts, lib/api/handler.ts); webhooks and the worker with
 * `providerContext`; `npm run import:sis` with a SystemActor of its institution. Tests and
 * benchmarks add nothing to it: faults go in at the edges (the Twilio and Resend clients a
 * worker is given, the db/queries modules), phases are timed with performance.measure.
 */
export type ServiceContext<A extends Actor | SystemActor | ProviderActor = Actor> = { db: Db; actor: A; now: Date };

/** The context of a webhook (`twilio`) or of the worker's work (`worker`), at `now`. */
export function providerContext(db: Db, source: ProviderActor["source"], now: Date = new Date()): ServiceContext<ProviderActor> {
  return { db, actor: { kind: "system", source }, now };
}
