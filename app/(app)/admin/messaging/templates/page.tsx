import type { Metadata } from "next";
import { TemplateChanges } from "@/components/templates/template-changes";
import { templateActions, toRowView } from "@/components/templates/template-actions";
import { TemplatesManager } from "@/components/templates/templates-manager";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { loadDeliverySettings } from "@/db/queries/delivery";
import { requirePermission } from "@/lib/auth/current-actor";
import { listTemplateChanges, listTemplates } from "@/lib/messaging/templates/manage-templates";

export const metadata: Metadata = { title: "Templates · Administration" };

/** Administration → Messaging → Templates (SPEC §10): the institution's shared templates, and who changed what. */
export default async function SharedTemplatesPage() {
  const actor = await requirePermission("templates.manageShared");
  const ctx = { db: getDb(), actor, now: new Date() };
  const [shared, changes, { timeZone }] = await Promise.all([
    listTemplates({ ctx, input: { scope: "shared" } }),
    listTemplateChanges({ ctx, input: { scope: "shared" } }),
    loadDeliverySettings(ctx.db, actor.institutionId),
  ]);
  return (
    <>
      <PageHeader
        title="Templates"
        description="Shared with every staff member of your institution. Merge fields such as {{firstName}} or {{preferredName|there}} are filled in for each recipient; an unknown field is refused."
      />
      <TemplatesManager label="Shared templates" scope="shared" templates={shared.map(toRowView)} canCreate actions={templateActions} timeZone={timeZone} emptyText="No shared templates yet." />
      <TemplateChanges changes={changes} timeZone={timeZone} />
    </>
  );
}
