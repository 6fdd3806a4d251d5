import { PersonHeader } from "@/components/people/person-header";
import { PersonTabs } from "@/components/people/person-tabs";
import { loadPersonPage } from "./load-person";

export default async function PersonLayout({ params, children }: { params: Promise<{ personId: string }>; children: React.ReactNode }) {
  const { personId } = await params;
  const { person, timeZone } = await loadPersonPage(personId);
  return (
    <>
      <PersonHeader person={person} timeZone={timeZone} />
      <PersonTabs personId={person.id} />
      {children}
    </>
  );
}
