import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { MailOutboxList } from "@/components/mail/mail-outbox-list";
import { buttonClassName } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { listMailOutbox } from "@/db/queries/mail-outbox";
import { requirePermission } from "@/lib/auth/current-actor";
import { assertMailOutboxAvailable } from "@/lib/email/client";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Mail outbox" };

const PAGE_SIZE = 50;
const Search = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });

/** The email the local stand-in kept for the institution (admins only; 404 unless email is simulated). */
export default async function MailOutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const actor = await requirePermission("mailOutbox.read");
  try {
    assertMailOutboxAvailable();
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  const { before } = Search.parse(await searchParams);
  const db = getDb();
  const [institution, page] = await Promise.all([
    getInstitutionSummary(db, actor.institutionId),
    listMailOutbox(db, { institutionId: actor.institutionId, before, limit: PAGE_SIZE }),
  ]);
  return (
    <>
      <PageHeader
        title="Mail outbox"
        description="Email is simulated (EMAIL_MODE=simulated), so it is kept here instead of being delivered. Newest first."
      />
      {page.items.length === 0 ? (
        <EmptyState title={before ? "No older email." : "No email yet."}>Texts that cannot go are resent by email and show here.</EmptyState>
      ) : (
        <MailOutboxList items={page.items} timeZone={institution?.timeZone ?? "UTC"} />
      )}
      {before || page.nextBefore ? (
        <nav aria-label="Outbox pages" className="mt-4 flex gap-2">
        {before ? (
          <Link href="/admin/mail-outbox" className={buttonClassName("secondary")}>
            Newest email
          </Link>
        ) : null}
        {page.nextBefore ? (
          <Link href={`/admin/mail-outbox?before=${page.nextBefore}`} className={buttonClassName("secondary")}>
            Older email
          </Link>
        ) : null}
        </nav>
      ) : null}
    </>
  );
}
