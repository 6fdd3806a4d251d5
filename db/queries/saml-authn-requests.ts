import { and, eq, gt, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { samlAuthnRequests } from "@/db/schema";

type RequestScope = { institutionId: string; connectionId: string };

/** Remembers an AuthnRequest we are sending, and prunes this institution's expired ones. */
export async function insertSamlAuthnRequest(
  db: DbOrTx,
  params: RequestScope & { id: string; redirectTo: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .delete(samlAuthnRequests)
    .where(and(eq(samlAuthnRequests.institutionId, params.institutionId), lt(samlAuthnRequests.expiresAt, params.createdAt)));
  await db.insert(samlAuthnRequests).values(params);
}

/** When a request of this connection was issued, if it is pending and unexpired at `now`. */
export async function findPendingSamlAuthnRequest(db: DbOrTx, params: RequestScope & { id: string; now: Date }): Promise<Date | null> {
  const [row] = await db
    .select({ createdAt: samlAuthnRequests.createdAt })
    .from(samlAuthnRequests)
    .where(
      and(
        eq(samlAuthnRequests.id, params.id),
        eq(samlAuthnRequests.institutionId, params.institutionId),
        eq(samlAuthnRequests.connectionId, params.connectionId),
        gt(samlAuthnRequests.expiresAt, params.now),
      ),
    );
  return row?.createdAt ?? null;
}

/**
 * Deletes a request of this connection and returns what it kept — for exactly one caller: two
 * concurrent deliveries of one response race for this one row.
 */
export async function consumeSamlAuthnRequest(db: DbOrTx, params: RequestScope & { id: string }): Promise<{ redirectTo: string } | null> {
  const [row] = await db
    .delete(samlAuthnRequests)
    .where(
      and(
        eq(samlAuthnRequests.id, params.id),
        eq(samlAuthnRequests.institutionId, params.institutionId),
        eq(samlAuthnRequests.connectionId, params.connectionId),
      ),
    )
    .returning({ redirectTo: samlAuthnRequests.redirectTo });
  return row ?? null;
}
