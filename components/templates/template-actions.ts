import { createTemplateAction, deleteTemplateAction, updateTemplateAction } from "@/lib/actions/messaging/templates";
import type { TemplateSummary } from "@/lib/messaging/templates/manage-templates";
import type { TemplateActions, TemplateRowView } from "./templates-manager";

/** The server actions the templates pages hand to their manager. */
export const templateActions: TemplateActions = { create: createTemplateAction, update: updateTemplateAction, remove: deleteTemplateAction };

/** A template as the client-side manager shows it (dates as ISO strings). */
export function toRowView(t: TemplateSummary): TemplateRowView {
  return { id: t.id, name: t.name, body: t.body, category: t.category, shared: t.shared, canChange: t.canChange, updatedAt: t.updatedAt.toISOString(), updatedByName: t.updatedByName };
}
