import type { Db } from "@/db";
import type { Actor } from "@/lib/auth/capabilities";

/**
 * What every lib orchestrator receives (STYLE rule 2): the database, who acts, and the time
 * (passed in, never read from the clock inside rules). Server actions and API routes build it.
 */
export type ServiceContext = { db: Db; actor: Actor; now: Date };
