import type { Metadata } from "next";
import { listTemplatesAction } from "@/lib/actions/messaging/templates";
import Link from "next/link";
import { counterpartLabel } from "@/components/conversations/conversation-list";
import { LiveRefresh } from "@/components/conversations/live-refresh";
import { MarkRead } from "@/components/conversations/mark-read";
import { MessageThread } from "@/components/conversations/message-thread";
import { ReplyBox } from "@/components/conversations/reply-box";
import { PageHeader } from "@/components/ui/page-header";
import { formatPhone } from "@/lib/e164";
import { markConversationReadAction, sendConversationMessageAction } from "@/lib/actions/conversations/conversation";
import { loadThread } from "./load-thread";
import { linkClassName } from "@/components/ui/text-link";

type Props = { params: Promise<{ conversationId: string }>; searchParams: Promise<{ before?: string }> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { thread } = await loadThread((await params).conversationId, (await searchParams).before);
  return { title: `${counterpartLabel(thread.conversation)} · Messages` };
}

/** One conversation: its texts and emails both ways, with statuses, a reply box, live as messages arrive. */
export default async function ConversationPage({ params, searchParams }: Props) {
  // Before anything is read: events from then on reach the page (LiveRefresh's `since`).
  const renderedAt = Date.now();
  const { conversationId } = await params;
  const { before } = await searchParams;
  const { thread, timeZone, smsMaxLength, permitted } = await loadThread(conversationId, before);
  const { conversation, access, messages } = thread;
  const name = counterpartLabel(conversation);
  const latest = messages[messages.length - 1];
  const via = [
    conversation.counterpartName && conversation.counterpartNumber ? formatPhone(conversation.counterpartNumber) : null,
    conversation.systemNumber ? `on ${formatPhone(conversation.systemNumber)}` : null,
    access.owner ? null : `held by ${conversation.ownerName ?? "nobody (unassigned)"}`,
  ].filter(Boolean);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={access.owner ? "/messages" : "/messages/unmatched"} className={linkClassName()}>
          ← {access.owner ? "All conversations" : "Unmatched texts"}
        </Link>
      </p>
      <PageHeader
        title={name}
        description={via.join(" · ") || undefined}
        actions={
          conversation.counterpartPersonId ? (
            <Link href={`/people/${conversation.counterpartPersonId}/profile`} className={linkClassName("text-sm font-medium")}>
              Profile
            </Link>
          ) : null
        }
      />
      <MessageThread
        messages={messages}
        timeZone={timeZone}
        counterpartLabel={name}
        earlierHref={thread.earlierBeforeId ? `/messages/${conversation.id}?before=${thread.earlierBeforeId}` : null}
      />
      {access.reply ? (
        <ReplyBox
          target={{ conversationId: conversation.id }}
          smsMaxLength={smsMaxLength}
          permitted={permitted}
          action={sendConversationMessageAction}
          loadTemplates={listTemplatesAction}
          label={`Reply to ${name}`}
        />
      ) : (
        <p className="mt-6 text-sm text-slate-600">
          {access.owner
            ? "This number isn't on exactly one person's record, so replies can't be sent from here."
            : "Only the holder of the system number replies to a conversation."}
        </p>
      )}
      {before ? null : <LiveRefresh watch={{ kind: "conversation", conversationId: conversation.id, ownerPersonId: conversation.ownerPersonId }} since={renderedAt} />}
      {access.owner && latest && !before ? (
        <MarkRead conversationId={conversation.id} throughMessageId={latest.id} action={markConversationReadAction} />
      ) : null}
    </>
  );
}
