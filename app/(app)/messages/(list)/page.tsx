import type { Metadata } from "next";
import { firstValues } from "@/components/data-grid/grid-href";
import { ConversationList } from "@/components/conversations/conversation-list";
import { ConversationTabs } from "@/components/conversations/conversation-tabs";
import { LiveRefresh } from "@/components/conversations/live-refresh";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { inboxVersion } from "@/db/queries/conversations";
import { requireActor } from "@/lib/auth/current-actor";
import { loadConversationPage } from "../load-conversations";
import { can } from "@/lib/auth/policy";

export const metadata: Metadata = { title: "Messages" };

/** The signed-in staff member's conversations, latest first, with unread counts; refreshed as texts arrive. */
export default async function MessagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const { cursor } = firstValues(await searchParams);
  const version = actor.personId ? await inboxVersion(getDb(), { institutionId: actor.institutionId, personId: actor.personId }) : null;
  const { page, timeZone } = await loadConversationPage("mine", cursor);
  return (
    <>
      <PageHeader title="Messages" description="Your text conversations with students and staff, latest first." />
      <ConversationTabs showUnmatched={can(actor, "conversations.readUnmatched")} />
      <ConversationList page={page} timeZone={timeZone} basePath="/messages" />
      {version !== null && !cursor ? <LiveRefresh versionUrl="/api/conversations/version" version={version} /> : null}
    </>
  );
}
