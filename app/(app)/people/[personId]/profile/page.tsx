import type { Metadata } from "next";
import { PersonDetails } from "@/components/people/person-details";
import { PersonPhones } from "@/components/people/person-phones";
import { loadPersonPage } from "../load-person";

export async function generateMetadata({ params }: { params: Promise<{ personId: string }> }): Promise<Metadata> {
  const { person } = await loadPersonPage((await params).personId);
  return { title: `${person.firstName} ${person.lastName} · Profile` };
}

export default async function ProfilePage({ params }: { params: Promise<{ personId: string }> }) {
  const { person, timeZone } = await loadPersonPage((await params).personId);
  return (
    <div className="space-y-8">
      <section aria-labelledby="details-heading">
        <h2 id="details-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Details
        </h2>
        <PersonDetails person={person} />
      </section>
      <section aria-labelledby="phones-heading">
        <h2 id="phones-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Phone numbers
        </h2>
        <PersonPhones phones={person.phones} personId={person.id} timeZone={timeZone} />
      </section>
    </div>
  );
}
