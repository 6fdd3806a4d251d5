import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";

/*
 * Test-only statements for sends (lib/messaging/send/release-scheduled-send.ts, sends.ts):
 * changes only an administrator's screen or time would make. Never imported by the app.
 */

/** The person's staff roles replaced by FACULTY (not a Permitted Role in the factories' institutions). */
export async function demoteToFaculty(db: DbOrTx, p: { institutionId: string; personId: string }) {
  await db.execute(sql`delete from person_roles where institution_id = ${p.institutionId} and person_id = ${p.personId}`);
  await db.execute(sql`
    insert into person_roles (institution_id, person_id, role_id)
    select ${p.institutionId}, ${p.personId}, id from security_roles where institution_id = ${p.institutionId} and code = 'FACULTY'`);
}

/** How many message rows a send has. */
export async function countMessagesOfSend(db: DbOrTx, batchId: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from messages where batch_id = ${batchId}`);
  return Number(row.n);
}

/** A send's stored recipients (null once released) and state. */
export async function sendRecipientsOf(db: DbOrTx, batchId: string): Promise<{ state: string; recipient_ids: string[] | string | null }> {
  const [row] = await db.execute<{ state: string; recipient_ids: string[] | string | null }>(sql`
    select state, recipient_ids from send_batches where id = ${batchId}`);
  return row;
}
