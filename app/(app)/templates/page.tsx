import type { Metadata } from "next";
import Link from "next/link";
import { TemplateChanges } from "@/components/templates/template-changes";
import { templateActions, toRowView } from "@/components/templates/template-actions";
import { TemplatesManager } from "@/components/templates/templates-manager";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { loadDeliverySettings } from "@/db/queries/delivery";
import { requirePermission } from "@/lib/auth/current-actor";
import { can } from "@/lib/auth/policy";
import { listTemplateChanges, listTemplates } from "@/lib/messaging/templates/manage-templates";

export const metadata: Metadata = { title: "Templates" };

/** Templates (SPEC §10): the staff member's own saved replies, and the institution's shared templates to use. */
export default async function TemplatesPage() {
  const actor = await requirePermission("templates.use");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [mine, shared, changes, { timeZone }] = await Promise.all([
    listTemplates({ ctx, input: { scope: "personal" } }),
    listTemplates({ ctx, input: { scope: "shared" } }),
    listTemplateChanges({ ctx, input: { scope: "personal" } }),
    loadDeliverySettings(ctx.db, actor.institutionId),
  ]);
  const manageShared = can(actor, "templates.manageShared");
  return (
    <>
      <PageHeader
        title="Templates"
        description="Insert one in any message from its list, or type / and its name. Merge fields such as {{firstName}} are filled in for each recipient."
      />
      <h2 className="mb-3 text-lg font-semibold text-slate-900">My saved replies</h2>
      <TemplatesManager label="My saved replies" scope="personal" templates={mine.map(toRowView)} canCreate actions={templateActions} timeZone={timeZone} emptyText="No saved replies yet." />
      <h2 className="mb-3 mt-10 text-lg font-semibold text-slate-900">Shared templates</h2>
      <p className="mb-3 text-sm text-slate-600">
        {manageShared ? (
          <>
            Your institution&apos;s templates. Change them in{" "}
            <Link href="/admin/messaging/templates" className="text-blue-700 underline">
              Administration → Templates
            </Link>
            .
          </>
        ) : (
          "Your institution's templates, managed by its administrators."
        )}
      </p>
      <TemplatesManager label="Shared templates" scope="shared" templates={shared.map((t) => ({ ...toRowView(t), canChange: false }))} canCreate={false} actions={templateActions} timeZone={timeZone} emptyText="No shared templates yet." />
      <TemplateChanges changes={changes} timeZone={timeZone} />
    </>
  );
}
