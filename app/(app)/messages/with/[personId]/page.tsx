import type { Metadata } from "next";
import { listTemplatesAction } from "@/lib/actions/messaging/templates";
import { notFound, redirect } from "next/navigation";
import { ReplyBox } from "@/components/conversations/reply-box";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { findPersonConversationId } from "@/db/queries/conversations";
import { loadDeliverySettings } from "@/db/queries/delivery";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { isAppError } from "@/lib/errors";
import { getPerson } from "@/lib/people/get-person";
import { sendConversationMessageAction } from "@/lib/actions/conversations/conversation";

export const metadata: Metadata = { title: "New conversation" };

/** Text a person: their conversation with the signed-in staff member, or a first message that starts it. */
export default async function ConversationWithPage({ params }: { params: Promise<{ personId: string }> }) {
  const actor = await requirePermission("messages.compose");
  const { personId } = await params;
  const db = getDb();
  const person = await getPerson({ ctx: { db, actor, now: new Date() }, input: { personId } }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  });
  const existing = actor.personId
    ? await findPersonConversationId(db, { institutionId: actor.institutionId, ownerPersonId: actor.personId, counterpartPersonId: person.id })
    : null;
  if (existing) redirect(`/messages/${existing}`);
  const { smsMaxLength } = await loadDeliverySettings(db, actor.institutionId);
  const name = `${person.preferredName ?? person.firstName} ${person.lastName}`;
  const permitted = can(actor, "messages.text");
  return (
    <>
      <PageHeader title={name} description={permitted ? "A new conversation: the first message goes by text when it can, else by email." : undefined} />
      <EmptyState title={`No messages with ${name} yet.`} />
      <ReplyBox
        target={{ personId: person.id }}
        smsMaxLength={smsMaxLength}
        permitted={permitted}
        action={sendConversationMessageAction}
        loadTemplates={listTemplatesAction}
        label={`Message to ${name}`}
      />
    </>
  );
}
