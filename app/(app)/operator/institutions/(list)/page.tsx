import type { Metadata } from "next";
import { InstitutionLimitsTable } from "@/components/settings/institution-limits-table";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { listInstitutionLimits } from "@/lib/settings/institution-limits";

export const metadata: Metadata = { title: "Institutions" };

/** The platform operator's landing page: every institution's usage against its two limits (SPEC §3). */
export default async function InstitutionsPage() {
  const actor = await requirePermission("institutionLimits.manage");
  const institutions = await listInstitutionLimits({ ctx: { db: getDb(), actor, now: new Date() } });
  return (
    <>
      <PageHeader title="Institutions" description="Texts this month and numbers assigned against each institution's limits. Open one to change them." />
      <InstitutionLimitsTable institutions={institutions} />
    </>
  );
}
