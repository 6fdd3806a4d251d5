import type { Metadata } from "next";
import Link from "next/link";
import { firstValues } from "@/components/data-grid/grid-href";
import { GridSearch } from "@/components/data-grid/grid-search";
import { PeopleFilters } from "@/components/people/people-filters";
import { PeopleGrid, personRowName } from "@/components/people/people-grid";
import { PeopleSelectionProvider, SelectionBar } from "@/components/people/people-selection";
import { PersonKindFilter } from "@/components/people/person-kind-filter";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { listPersons } from "@/lib/people/list-persons";
import { getCaseload } from "@/lib/people/get-caseload";
import { listRecipientLists } from "@/lib/people/recipient-lists";
import { peopleFilterSchema } from "@/lib/people/schemas";
import { countMatchingPersonsOfSearch, getPeopleFilterOptions } from "@/lib/people/select-matching-persons";
import { MAX_RECIPIENTS_PER_SEND } from "@/lib/messaging/send/schemas";
import { composerProps } from "../composer-props";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("people.list");
  const { q, kind, sms, role, team, textable, dir, cursor } = firstValues(await searchParams);
  const filter = { q: q || undefined, kind: kind || undefined, sms: sms || undefined, role: role || undefined, team: team || undefined, textable: textable || undefined };
  const params = { ...filter, sort: "name", dir };
  const sort = { key: "name", dir: dir === "desc" ? "desc" : "asc" } as const;
  const ctx = { db: getDb(), actor, now: new Date() };
  const page = await listPersons({ ctx, input: { ...filter, cursor, order: sort.dir } }).catch((err: unknown) => {
    if (isAppError(err) && err.code === "VALIDATION") return err;
    throw err;
  });

  const [composer, options] = await Promise.all([composerProps(actor), getPeopleFilterOptions({ ctx })]);
  const caseloadIds = composer && actor.personId ? await getCaseload({ ctx, input: { staffPersonId: actor.personId } }) : [];
  const search = peopleFilterSchema.safeParse(filter);
  const manyPages = !isAppError(page) && (page.nextCursor !== null || page.prevCursor !== null);
  const matching =
    composer && search.success && (manyPages || Object.values(filter).some(Boolean))
      ? { count: await countMatchingPersonsOfSearch({ ctx, input: search.data }), limit: MAX_RECIPIENTS_PER_SEND, search: search.data }
      : null;
  const lists = composer ? (await listRecipientLists({ ctx })).filter((l) => l.canChange).map((l) => ({ id: l.id, name: l.name })) : [];

  return (
    <>
      <PageHeader title="People" description="Students and staff of your institution." />
      <GridSearch basePath="/people" label="Search by name, ID, email or phone" params={params} keep={["sort", "dir"]}>
        <PersonKindFilter value={kind} />
        <PeopleFilters values={filter} roles={options.roles} teams={options.teams} />
      </GridSearch>
      {isAppError(page) ? (
        <Alert tone="error">
          {page.message} <Link href="/people" className="underline">Show everyone</Link>
        </Alert>
      ) : composer ? (
        <PeopleSelectionProvider>
          <SelectionBar pageRows={page.items.map((p) => ({ id: p.id, name: personRowName(p) }))} composer={composer} caseloadIds={caseloadIds} matching={matching} lists={lists} />
          <PeopleGrid page={page} params={params} sort={sort} selectable />
        </PeopleSelectionProvider>
      ) : (
        <PeopleGrid page={page} params={params} sort={sort} />
      )}
    </>
  );
}
