import type { Metadata } from "next";
import { AddPhoneForm } from "@/components/people/add-phone-form";
import { PersonDetails } from "@/components/people/person-details";
import { PersonLocationForm } from "@/components/people/person-location-form";
import { PersonPhones } from "@/components/people/person-phones";
import { PhoneHistory } from "@/components/people/phone-history";
import { SuccessTeam } from "@/components/people/success-team";
import { getDb } from "@/db";
import { can } from "@/lib/auth/policy";
import { getProfileDetails } from "@/lib/people/get-profile-details";
import { timeZoneOptions } from "@/lib/people/location";
import { loadPersonPage } from "../load-person";

export async function generateMetadata({ params }: { params: Promise<{ personId: string }> }): Promise<Metadata> {
  const { person } = await loadPersonPage((await params).personId);
  return { title: `${person.firstName} ${person.lastName} · Profile` };
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mb-3 text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function ProfilePage({ params }: { params: Promise<{ personId: string }> }) {
  const { actor, person, timeZone } = await loadPersonPage((await params).personId);
  const details = await getProfileDetails({ ctx: { db: getDb(), actor, now: new Date() }, input: { personId: person.id } });
  const canEdit = details.canEditPhones && !person.deleted;
  return (
    <div className="space-y-8">
      <Section id="details-heading" title="Details">
        <div className="space-y-4">
          <PersonDetails person={person} />
          {can(actor, "person.update") && !person.deleted ? (
            <PersonLocationForm personId={person.id} location={{ timeZone: person.timeZone, state: person.state }} zones={timeZoneOptions(person.timeZone)} />
          ) : null}
        </div>
      </Section>
      <Section id="phones-heading" title="Phone numbers">
        <div className="space-y-4">
          <PersonPhones phones={person.phones} personId={person.id} timeZone={timeZone} canEdit={canEdit} phoneTypes={details.phoneTypes} />
          {canEdit ? <AddPhoneForm personId={person.id} phoneTypes={details.phoneTypes} defaultType="CELL" /> : null}
        </div>
      </Section>
      <Section id="history-heading" title="Phone history">
        <PhoneHistory entries={details.history} phones={person.phones} timeZone={timeZone} canReport={can(actor, "messages.readAll")} />
      </Section>
      {details.successTeam.length ? (
        <Section id="team-heading" title="Success team">
          <SuccessTeam members={details.successTeam} />
        </Section>
      ) : null}
    </div>
  );
}
