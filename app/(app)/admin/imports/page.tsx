import type { Metadata } from "next";
import { FileLayout } from "@/components/imports/file-layout";
import { ImportUploadForm } from "@/components/imports/import-upload-form";
import { ImportsTable } from "@/components/imports/imports-table";
import { ProspectForm } from "@/components/imports/prospect-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { getInstitutionSummary } from "@/db/queries/institutions";
import { requirePermission } from "@/lib/auth/current-actor";
import { PROSPECT_CSV_COLUMNS, PROSPECT_RULES } from "@/lib/imports/prospect-row";
import { listImports, listProspectPhoneTypes } from "@/lib/imports/read-imports";
import { SIS_CSV_COLUMNS, SIS_RULES } from "@/lib/imports/sis-format";

export const metadata: Metadata = { title: "Imports" };

const SIS_JSON_NOTE = "Or JSON: an array of persons (or { \"persons\": [...] }) with srcSystemId, firstName, lastName, preferredName, timeZone, state, deleted, roles [codes], emails [addresses] and phones [{ srcSystemId, number, phoneTypeSrcSystemId }]. The REST API takes the same: POST /api/v1/imports/sis.";

export default async function ImportsPage() {
  const actor = await requirePermission("imports.read");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [imports, phoneTypes, institution] = await Promise.all([listImports({ ctx }), listProspectPhoneTypes({ ctx }), getInstitutionSummary(ctx.db, actor.institutionId)]);
  return (
    <>
      <PageHeader title="Imports" description="Load people from your student information system, and prospective students with verified phones." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="mb-3 text-lg font-semibold text-slate-900">SIS person import</h2>
          <div className="space-y-4">
            <ImportUploadForm kind="SIS" accept=".csv,.json,text/csv,application/json" label="SIS file (CSV or JSON)" hint="Persons, roles, emails and phones keyed by src_system_id. SMS status and verified are never changed." />
            <FileLayout title="SIS file layout" columns={SIS_CSV_COLUMNS} rules={SIS_RULES} note={SIS_JSON_NOTE} />
          </div>
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-semibold text-slate-900">Prospect upload</h2>
          <div className="space-y-4">
            <ImportUploadForm kind="PROSPECT" accept=".csv,text/csv" label="Prospect file (CSV)" hint="Prospective students; their phones are marked verified by you, now." />
            <FileLayout title="Prospect file layout" columns={PROSPECT_CSV_COLUMNS} rules={PROSPECT_RULES} />
          </div>
        </Card>
      </div>
      <section aria-labelledby="add-prospect" className="mt-8">
        <h2 id="add-prospect" className="mb-3 text-lg font-semibold text-slate-900">
          Add a prospect
        </h2>
        <ProspectForm phoneTypes={phoneTypes} />
      </section>
      <section aria-labelledby="recent-imports" className="mt-8">
        <h2 id="recent-imports" className="mb-3 text-lg font-semibold text-slate-900">
          Recent imports
        </h2>
        <ImportsTable imports={imports} timeZone={institution?.timeZone ?? "UTC"} />
      </section>
    </>
  );
}
