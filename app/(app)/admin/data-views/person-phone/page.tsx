import type { Metadata } from "next";
import Link from "next/link";
import { firstValues, gridHref } from "@/components/data-grid/grid-href";
import { GridSearch } from "@/components/data-grid/grid-search";
import { PersonPhoneFilters } from "@/components/phones/person-phone-filters";
import { PERSON_PHONE_PATH, PersonPhoneGrid } from "@/components/phones/person-phone-grid";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { listPersonPhoneTypeChoices, listPersonPhoneView } from "@/lib/person-phones/list-person-phone-view";

export const metadata: Metadata = { title: "Person Phone" };

export default async function PersonPhonePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("dataViews.read");
  const { q, deleted, smsStatus, verified, type, sort, dir, cursor } = firstValues(await searchParams);
  const params = { q, deleted, smsStatus, verified, type, sort, dir };
  const ctx = { db: getDb(), actor, now: new Date() };
  const [page, types] = await Promise.all([
    listPersonPhoneView({ ctx, input: { ...params, cursor } }).catch((err: unknown) => {
      if (isAppError(err) && err.code === "VALIDATION") return err;
      throw err;
    }),
    listPersonPhoneTypeChoices({ ctx }),
  ]);
  const exportHref = gridHref(`${PERSON_PHONE_PATH}/export`, params);

  return (
    <>
      <PageHeader
        title="Person Phone"
        description="Every phone record with its source ids. Deleted = false lists the current ones, active system numbers (AVISO.SYSTEM) included."
        actions={
          <a href={exportHref} className={buttonClassName("secondary")} download>
            Export CSV
          </a>
        }
      />
      <GridSearch basePath={PERSON_PHONE_PATH} label="Search by number, name or source id" params={params} keep={["sort", "dir"]}>
        <PersonPhoneFilters params={params} types={types} />
      </GridSearch>
      {isAppError(page) ? (
        <Alert tone="error">
          {page.message} <Link href={PERSON_PHONE_PATH} className="underline">Show all records</Link>
        </Alert>
      ) : (
        <PersonPhoneGrid page={page} params={params} sort={{ key: params.sort === "number" ? "number" : "person", dir: dir === "desc" ? "desc" : "asc" }} />
      )}
    </>
  );
}
