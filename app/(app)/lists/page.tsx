import type { Metadata } from "next";
import { RecipientListsTable } from "@/components/lists/recipient-lists-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { listRecipientLists } from "@/lib/people/recipient-lists";
import { composerProps } from "../people/composer-props";

export const metadata: Metadata = { title: "Lists" };

/** Saved recipient lists (issue 16 item 2): the actor's own and those shared with them (administrators: all). */
export default async function ListsPage() {
  const actor = await requirePermission("recipientLists.use");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [lists, composer] = await Promise.all([listRecipientLists({ ctx }), composerProps(actor)]);
  return (
    <>
      <PageHeader title="Lists" description="Saved groups of people to message at once. Save one from the People list's selection or search." />
      {lists.length === 0 ? (
        <EmptyState title="No lists yet.">On People, select people or search, then choose “Save as a list…”.</EmptyState>
      ) : (
        <RecipientListsTable lists={lists.map((l) => ({ ...l, mine: l.ownerUserId === actor.userId }))} composer={composer} />
      )}
    </>
  );
}
