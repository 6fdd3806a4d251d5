import { apiRoute, readJsonBody } from "@/lib/api/handler";
import { deleteTemplate, getTemplate, toTemplateDto, updateTemplate } from "@/lib/messaging/templates/manage-templates";

type Params = { templateId: string };

/** GET /api/v1/templates/{templateId} — a shared template or the caller's own; 404 otherwise. */
export const GET = apiRoute<Params>(async ({ ctx, params }) => toTemplateDto(await getTemplate({ ctx, input: { templateId: params.templateId } })));

/** PATCH /api/v1/templates/{templateId} — name, body and/or category. */
export const PATCH = apiRoute<Params>(async ({ ctx, request, params }) =>
  toTemplateDto(await updateTemplate({ ctx, input: { ...(await readJsonBody(request)), templateId: params.templateId } })),
);

/** DELETE /api/v1/templates/{templateId} — it is offered no more; messages sent with it keep naming it. */
export const DELETE = apiRoute<Params>(({ ctx, params }) => deleteTemplate({ ctx, input: { templateId: params.templateId } }));
