import { and, desc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { mailOutbox } from "@/db/schema";

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
