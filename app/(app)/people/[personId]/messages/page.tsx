import type { Metadata } from "next";
import { PersonMessages } from "@/components/people/person-messages";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db";
import { listMessagesOfPerson } from "@/lib/messaging/list-person-messages";
import { loadPersonPage } from "../load-person";

export async function generateMetadata({ params }: { params: Promise<{ personId: string }> }): Promise<Metadata> {
  const { person } = await loadPersonPage((await params).personId);
  return { title: `${person.firstName} ${person.lastName} · Messages` };
}

export default async function PersonMessagesPage({ params }: { params: Promise<{ personId: string }> }) {
  const { actor, person, timeZone } = await loadPersonPage((await params).personId);
  const messages = await listMessagesOfPerson({ ctx: { db: getDb(), actor, now: new Date() }, input: { personId: person.id } });
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading" className="mb-3 text-lg font-semibold text-slate-900">
        Messages
      </h2>
      {messages.length === 0 ? (
        <EmptyState title={`No messages with ${person.firstName} ${person.lastName} yet.`} />
      ) : (
        <PersonMessages messages={messages} timeZone={timeZone} />
      )}
    </section>
  );
}
