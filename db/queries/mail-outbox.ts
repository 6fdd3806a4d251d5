import { and, desc, eq, inArray, lt, TransactionRollbackError } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db";
import { institutions, mailOutbox, type MailOutboxRow } from "@/db/schema";

export type MailOutboxItem = {
  id: number;
  from: string;
  to: string[];
  replyTo: string[] | null;
  subject: string;
  text: string | null;
  html: string | null;
  createdAt: Date;
};

/**
 * One page of the institution's mail in the local outbox (the Resend stand-in), newest first.
 * Paged by id: `before` is the `nextBefore` of the previous page.
 */
export async function listMailOutbox(
  db: DbOrTx,
  params: { institutionId: string; before?: number; limit: number },
): Promise<{ items: MailOutboxItem[]; nextBefore: number | null }> {
  const where = [eq(mailOutbox.institutionId, params.institutionId)];
  if (params.before !== undefined) where.push(lt(mailOutbox.id, params.before));
  const rows = await db
    .select({
      id: mailOutbox.id,
      from: mailOutbox.fromAddress,
      to: mailOutbox.toAddresses,
      replyTo: mailOutbox.replyTo,
      subject: mailOutbox.subject,
      text: mailOutbox.textBody,
      html: mailOutbox.htmlBody,
      createdAt: mailOutbox.createdAt,
    })
    .from(mailOutbox)
    .where(and(...where))
    .orderBy(desc(mailOutbox.id))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit);
  return { items, nextBefore: rows.length > params.limit ? items[items.length - 1].id : null };
}

/** An email the local Resend stand-in accepted, to file (lib/email/fake-resend.ts). */
export type OutboxEmail = {
  fromAddress: string;
  toAddresses: string[];
  replyTo: string[] | null;
  subject: string;
  textBody: string | null;
  htmlBody: string | null;
  /** The `institution_id` tag as sent: filed under it when such an institution exists. */
  institutionTag: string | null;
  tags: unknown[];
};

/** Whether a stored email is the one `row` describes (an idempotent replay must be the same request). */
function sameEmail(stored: MailOutboxRow, row: OutboxEmail): boolean {
  return (
    stored.subject === row.subject &&
    stored.textBody === row.textBody &&
    stored.htmlBody === row.htmlBody &&
    stored.toAddresses.join(",") === row.toAddresses.join(",")
  );
}

/**
 * Files the emails in one transaction and returns their ids. Under keys used before, the
 * earlier email's id when it is the same email, null when the key came with another payload
 * (nothing is filed then).
 */
export async function fileOutboxEmails(db: Db, rows: OutboxEmail[], keys: string[] | null): Promise<(string | null)[]> {
  return db.transaction(async (tx) => {
    const institutionIds = await existingInstitutions(tx, rows.map((r) => r.institutionTag));
    const inserted = await tx
      .insert(mailOutbox)
      .values(
        rows.map(({ institutionTag, tags, ...row }, i) => ({
          ...row,
          institutionId: institutionTag !== null && institutionIds.has(institutionTag) ? institutionTag : null,
          tags: tags.length ? tags : null,
          idempotencyKey: keys?.[i] ?? null,
        })),
      )
      .onConflictDoNothing({ target: mailOutbox.idempotencyKey })
      .returning({ id: mailOutbox.providerId, idempotencyKey: mailOutbox.idempotencyKey });
    if (inserted.length === rows.length) return inserted.map((r) => r.id);
    // A key was used before: the same request gets the same ids, another request nothing.
    const earlier = await tx.select().from(mailOutbox).where(inArray(mailOutbox.idempotencyKey, keys!));
    const byKey = new Map(earlier.map((r) => [r.idempotencyKey!, r]));
    const replayed = rows.map((row, i) => {
      const stored = byKey.get(keys![i]);
      return stored && sameEmail(stored, row) ? stored.providerId : null;
    });
    if (replayed.some((id) => id === null)) tx.rollback();
    return replayed;
  }).catch((err: unknown) => {
    if (err instanceof TransactionRollbackError) return rows.map(() => null);
    throw err;
  });
}

async function existingInstitutions(db: DbOrTx, tags: (string | null)[]): Promise<Set<string>> {
  const ids = [...new Set(tags.filter((t): t is string => t !== null))];
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, ids));
  return new Set(rows.map((r) => r.id));
}
