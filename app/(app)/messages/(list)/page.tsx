import type { Metadata } from "next";
import { firstValues } from "@/components/data-grid/grid-href";
import { GridSearch } from "@/components/data-grid/grid-search";
import { ConversationFilter } from "@/components/conversations/conversation-filter";
import { ConversationList } from "@/components/conversations/conversation-list";
import { ConversationTabs } from "@/components/conversations/conversation-tabs";
import { LiveRefresh } from "@/components/conversations/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { requirePermission } from "@/lib/auth/current-actor";
import { loadConversationPage } from "../load-conversations";
import { can } from "@/lib/auth/policy";

export const metadata: Metadata = { title: "Messages" };

/** The signed-in staff member's conversations, latest first, with unread counts; refreshed as texts arrive. */
export default async function MessagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Before anything is read: events from then on reach the page (LiveRefresh's `since`).
  const renderedAt = Date.now();
  const actor = await requirePermission("conversations.list");
  const { cursor, q, show } = firstValues(await searchParams);
  const params = { q, show: show === "unread" ? "unread" : undefined };
  const filtered = Boolean(q?.trim() || params.show);
  const { page, timeZone } = await loadConversationPage("mine", cursor, { q, unread: params.show === "unread" });
  return (
    <>
      <PageHeader title="Messages" description="Your text conversations with students and staff, latest first." />
      <ConversationTabs showUnmatched={can(actor, "conversations.readUnmatched")} />
      <GridSearch basePath="/messages" label="Search by name, number or message" params={params} resetLabel={filtered ? "Show all" : undefined}>
        <ConversationFilter value={params.show} />
      </GridSearch>
      <ConversationList
        page={page}
        timeZone={timeZone}
        basePath="/messages"
        params={params}
        empty={filtered ? "No conversations match." : undefined}
      />
      {actor.personId && !cursor ? <LiveRefresh watch={{ kind: "inbox", ownerPersonId: actor.personId }} since={renderedAt} /> : null}
    </>
  );
}
