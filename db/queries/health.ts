import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/** The cheapest round trip to the database: GET /healthz's "is it there". */
export async function pingDatabase(db: DbOrTx): Promise<void> {
  await db.execute(sql`select 1`);
}
