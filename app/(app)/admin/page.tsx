import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { HealthPanel } from "@/components/dashboard/health-panel";
import { administrationLinks } from "@/components/shell/administration-links";
import { LinkList } from "@/components/shell/link-list";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { getDashboard } from "@/lib/dashboard/get-dashboard";
import { getInstitutionHealth } from "@/lib/health/institution-health";

export const metadata: Metadata = { title: "Administration" };

/** Administration home: for administrators the Health panel and the dashboard (issue 18), then the links. */
export default async function AdministrationPage() {
  const actor = await requirePermission("administration.open");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [health, dashboard] = can(actor, "dashboard.read")
    ? await Promise.all([getInstitutionHealth({ ctx }), getDashboard({ ctx })])
    : [null, null];
  return (
    <>
      <PageHeader title="Administration" />
      <div className="space-y-8">
        {health && dashboard ? <HealthPanel health={health} timeZone={dashboard.timeZone} /> : null}
        {dashboard ? <DashboardView dashboard={dashboard} /> : null}
        <section aria-labelledby="admin-links-heading">
          <h2 id="admin-links-heading" className={dashboard ? "mb-3 text-lg font-semibold text-slate-900" : "sr-only"}>
            Settings and tools
          </h2>
          <LinkList groups={administrationLinks(actor)} />
        </section>
      </div>
    </>
  );
}
