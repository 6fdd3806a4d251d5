import { ComposeDialog } from "@/components/composer/compose-dialog";
import { PersonHeader } from "@/components/people/person-header";
import { PersonTabs } from "@/components/people/person-tabs";
import { SignInControl } from "@/components/people/sign-in-control";
import { getDb } from "@/db";
import { getCaseload } from "@/lib/people/get-caseload";
import { getOptOut } from "@/lib/people/get-opt-out";
import { composerProps } from "../composer-props";
import { findSignInOfPersonForPage, loadPersonPage } from "./load-person";

export default async function PersonLayout({ params, children }: { params: Promise<{ personId: string }>; children: React.ReactNode }) {
  const { personId } = await params;
  const { actor, person, timeZone } = await loadPersonPage(personId);
  const composer = person.deleted ? null : await composerProps(actor);
  const name = `${person.preferredName ?? person.firstName} ${person.lastName}`;
  const signIn = await findSignInOfPersonForPage(actor, person.id);
  const optOut = await getOptOut({ ctx: { db: getDb(), actor, now: new Date() }, input: { person } });
  const caseload =
    composer && person.kind === "staff" ? await getCaseload({ ctx: { db: getDb(), actor, now: new Date() }, input: { staffPersonId: person.id } }) : [];
  return (
    <>
      <PersonHeader
        person={person}
        timeZone={timeZone}
        optOut={optOut}
        actions={
          composer || signIn ? (
            <>
              {composer ? <ComposeDialog buttonLabel="Send message" recipients={{ audience: { type: "people", recipientIds: [person.id] }, label: name }} {...composer} /> : null}
              {composer && caseload.length > 0 ? (
                <ComposeDialog
                  variant="secondary"
                  buttonLabel={`Message caseload (${caseload.length})`}
                  recipients={{ audience: { type: "people", recipientIds: caseload }, label: `${name}'s caseload (${caseload.length} students)` }}
                  {...composer}
                />
              ) : null}
              {signIn ? <SignInControl state={signIn} isSelf={signIn.userId === actor.userId} timeZone={timeZone} /> : null}
            </>
          ) : null
        }
      />
      <PersonTabs personId={person.id} />
      {children}
    </>
  );
}
