"use server";

import { action } from "@/lib/action";
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from "@/lib/messaging/templates/manage-templates";
import { createTemplateInput, listTemplatesInput, templateIdInput, updateTemplateInput } from "@/lib/messaging/templates/schemas";

/** Templates and saved replies (SPEC §10); the service decides who may do what (lib/auth/policy.ts). */

const PAGES = ["/templates", "/admin/messaging/templates"];

/** The templates the actor may insert: the composer's and the reply box's picker, and "/" + name. */
export const listTemplatesAction = action(listTemplatesInput, { permission: "templates.use" }, ({ ctx, input }) => listTemplates({ ctx, input }));

export const createTemplateAction = action(createTemplateInput, { permission: "templates.use", revalidate: PAGES }, ({ ctx, input }) =>
  createTemplate({ ctx, input }),
);

export const updateTemplateAction = action(updateTemplateInput, { permission: "templates.use", revalidate: PAGES }, ({ ctx, input }) =>
  updateTemplate({ ctx, input }),
);

export const deleteTemplateAction = action(templateIdInput, { permission: "templates.use", revalidate: PAGES }, ({ ctx, input }) =>
  deleteTemplate({ ctx, input }),
);
