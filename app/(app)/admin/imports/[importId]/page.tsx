import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { firstValues } from "@/components/data-grid/grid-href";
import { ImportSummaryCard } from "@/components/imports/import-summary-card";
import { RowErrorsGrid } from "@/components/imports/row-errors-grid";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { isAppError } from "@/lib/errors";
import { getImport, listRowErrors } from "@/lib/imports/read-imports";
import { linkClassName } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Import report" };

export default async function ImportReportPage({
  params,
  searchParams,
}: {
  params: Promise<{ importId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePermission("imports.read");
  const { importId } = await params;
  const { cursor } = firstValues(await searchParams);
  const ctx = { db: getDb(), actor, now: new Date() };
  const loaded = await Promise.all([getImport({ ctx, input: { importId } }), listRowErrors({ ctx, input: { importId, cursor } })]).catch((err: unknown) => {
    if (isAppError(err) && (err.code === "NOT_FOUND" || err.code === "VALIDATION")) notFound();
    throw err;
  });
  const [summary, rowErrors] = loaded;
  const institution = await getInstitutionSummary(ctx.db, actor.institutionId);
  return (
    <>
      <PageHeader
        title={`Import: ${summary.fileName}`}
        actions={
          <Link href="/admin/imports" className={linkClassName("text-sm font-medium")}>
            Back to Imports
          </Link>
        }
      />
      <ImportSummaryCard summary={summary} timeZone={institution?.timeZone ?? "UTC"} />
      <h2 className="mb-3 mt-8 text-lg font-semibold text-slate-900">Row report</h2>
      <RowErrorsGrid page={rowErrors} basePath={`/admin/imports/${summary.id}`} />
    </>
  );
}
