import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RecipientListDetail } from "@/components/lists/recipient-list-detail";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { getRecipientList } from "@/lib/people/recipient-lists";
import { composerProps } from "../../people/composer-props";

export const metadata: Metadata = { title: "List" };

/** One saved list: its members; its owner or an administrator renames, shares, trims or deletes it. */
export default async function ListPage({ params }: { params: Promise<{ listId: string }> }) {
  const actor = await requirePermission("recipientLists.use");
  const { listId } = await params;
  const list = await getRecipientList({ ctx: { db: getDb(), actor, now: new Date() }, input: { listId } }).catch((err: unknown) => {
    if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "VALIDATION")) notFound();
    throw err;
  });
  return <RecipientListDetail list={list} composer={await composerProps(actor)} />;
}
