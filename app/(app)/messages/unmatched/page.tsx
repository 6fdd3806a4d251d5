import type { Metadata } from "next";
import { firstValues } from "@/components/data-grid/grid-href";
import { ConversationList } from "@/components/conversations/conversation-list";
import { ConversationTabs } from "@/components/conversations/conversation-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-actor";
import { loadConversationPage } from "../load-conversations";

export const metadata: Metadata = { title: "Unmatched texts" };

/** Administrators: texts to a number nobody held, or from a number no single person holds — stored, never dropped. */
export default async function UnmatchedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("conversations.readUnmatched");
  const { cursor } = firstValues(await searchParams);
  const { page, timeZone } = await loadConversationPage("unmatched", cursor);
  return (
    <>
      <PageHeader
        title="Messages"
        description="Texts to a system number nobody held, or from a number that isn't on exactly one person's record."
      />
      <ConversationTabs showUnmatched />
      <ConversationList page={page} timeZone={timeZone} basePath="/messages/unmatched" unmatched />
    </>
  );
}
