import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { loadPersonPage } from "../load-person";

export async function generateMetadata({ params }: { params: Promise<{ personId: string }> }): Promise<Metadata> {
  const { person } = await loadPersonPage((await params).personId);
  return { title: `${person.firstName} ${person.lastName} · Messages` };
}

export default async function PersonMessagesPage({ params }: { params: Promise<{ personId: string }> }) {
  const { person } = await loadPersonPage((await params).personId);
  return (
    <section aria-labelledby="messages-heading">
      <h2 id="messages-heading" className="mb-3 text-lg font-semibold text-slate-900">
        Messages
      </h2>
      <EmptyState title={`No messages with ${person.firstName} ${person.lastName} yet.`} />
    </section>
  );
}
