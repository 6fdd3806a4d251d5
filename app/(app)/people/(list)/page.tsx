import type { Metadata } from "next";
import Link from "next/link";
import { firstValues } from "@/components/data-grid/grid-href";
import { GridSearch } from "@/components/data-grid/grid-search";
import { PeopleGrid, personRowName } from "@/components/people/people-grid";
import { PeopleSelectionProvider, SelectionBar } from "@/components/people/people-selection";
import { PersonKindFilter } from "@/components/people/person-kind-filter";
import { PersonSmsFilter } from "@/components/people/person-sms-filter";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { listPersons } from "@/lib/people/list-persons";
import { getCaseload } from "@/lib/people/get-caseload";
import { countMatchingPersonsOfSearch } from "@/lib/people/select-matching-persons";
import { selectMatchingPeopleAction } from "@/lib/actions/people/select-matching";
import { MAX_RECIPIENTS_PER_SEND } from "@/lib/messaging/send/schemas";
import { composerProps } from "../composer-props";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("people.list");
  const { q, kind, sms, dir, cursor } = firstValues(await searchParams);
  const params = { q, kind, sms, sort: "name", dir };
  const sort = { key: "name", dir: dir === "desc" ? "desc" : "asc" } as const;
  const page = await listPersons({
    ctx: { db: getDb(), actor, now: new Date() },
    input: { q, cursor, kind: kind || undefined, sms: sms || undefined, order: sort.dir },
  }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "VALIDATION") return err;
    throw err;
  });

  const ctx = { db: getDb(), actor, now: new Date() };
  const composer = await composerProps(actor);
  const caseloadIds = composer && actor.personId ? await getCaseload({ ctx, input: { staffPersonId: actor.personId } }) : [];
  const search = { q: q || undefined, kind: kind === "staff" || kind === "student" ? (kind as "staff" | "student") : undefined };
  const manyPages = !isAppError(page) && (page.nextCursor !== null || page.prevCursor !== null);
  const matching =
    composer && manyPages
      ? { count: await countMatchingPersonsOfSearch({ ctx, input: search }), limit: MAX_RECIPIENTS_PER_SEND, search, select: selectMatchingPeopleAction }
      : null;

  return (
    <>
      <PageHeader title="People" description="Students and staff of your institution." />
      <GridSearch basePath="/people" label="Search by name, ID, email or phone" params={params} keep={["sort", "dir"]}>
        <PersonKindFilter value={kind} />
        <PersonSmsFilter value={sms} />
      </GridSearch>
      {isAppError(page) ? (
        <Alert tone="error">
          {page.message} <Link href="/people" className="underline">Show everyone</Link>
        </Alert>
      ) : composer ? (
        <PeopleSelectionProvider>
          <SelectionBar pageRows={page.items.map((p) => ({ id: p.id, name: personRowName(p) }))} composer={composer} caseloadIds={caseloadIds} matching={matching} />
          <PeopleGrid page={page} params={params} sort={sort} selectable />
        </PeopleSelectionProvider>
      ) : (
        <PeopleGrid page={page} params={params} sort={sort} />
      )}
    </>
  );
}
