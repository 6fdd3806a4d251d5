import type { Metadata } from "next";
import Link from "next/link";
import { firstValues, gridHref } from "@/components/data-grid/grid-href";
import { FILTER_LABELS, MessageReportFilters } from "@/components/reports/message-report-filters";
import { MessageReportGrid } from "@/components/reports/message-report-grid";
import { Alert } from "@/components/ui/alert";
import { buttonClassName } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { isAppError } from "@/lib/errors";
import { reportDatePresets } from "@/lib/reports/date-presets";
import { listMessageReport } from "@/lib/reports/list-message-report";
import { listReportTemplates } from "@/lib/messaging/templates/manage-templates";

export const metadata: Metadata = { title: "Message Report" };

const BASE = "/admin/messaging/message-report";
const FILTERS = ["from", "to", "destination", "channel", "status", "reason", "dateFrom", "dateTo", "batch", "template"] as const;

/** SPEC §7. Administrators see every message; other staff their own (lib/reports/report-scope.ts). */
export default async function MessageReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission("messageReport.read");
  const all = firstValues(await searchParams);
  const params = Object.fromEntries(FILTERS.map((k) => [k, all[k]]));
  const db = getDb();
  const now = new Date();
  const [page, institution, templates] = await Promise.all([
    listMessageReport({ ctx: { db, actor, now }, input: { ...params, cursor: all.cursor } }).catch((err: unknown) => {
      if (isAppError(err) && err.code === "VALIDATION") return err;
      throw err;
    }),
    getInstitutionSummary(db, actor.institutionId),
    listReportTemplates({ ctx: { db, actor, now } }),
  ]);
  const errors = isAppError(page) ? (page.fieldErrors ?? {}) : {};
  return (
    <>
      <PageHeader
        title="Message Report"
        description={
          can(actor, "messages.readAll")
            ? "Every text and email of your institution, sent and received, newest first."
            : "The texts and emails you sent or received, newest first."
        }
        actions={
          <a href={gridHref(`${BASE}/export`, params)} className={buttonClassName("secondary")} download>
            Export CSV
          </a>
        }
      />
      <MessageReportFilters
        basePath={BASE}
        params={params}
        presets={reportDatePresets(now, institution?.timeZone ?? "UTC")}
        templates={templates.map((t) => ({ value: t.id, label: t.deleted ? `${t.name} (deleted)` : t.name }))}
        errors={errors}
      />
      {params.batch ? (
        <Alert tone="info">
          Showing the messages of one send only. <Link href={gridHref(BASE, { ...params, batch: undefined })} className="underline">Show all messages</Link>
        </Alert>
      ) : null}
      {isAppError(page) ? (
        <Alert tone="error" id="report-filter-error">
          {Object.entries(errors)
            .map(([field, message]) => `${FILTER_LABELS[field] ?? "Filters"}: ${message}`)
            .join(" ") || page.message}
        </Alert>
      ) : (
        <MessageReportGrid page={page} params={params} basePath={BASE} />
      )}
    </>
  );
}
