import { apiRoute, json, readJsonBody, readQuery } from "@/lib/api/handler";
import { createTemplate, listTemplates, toTemplateDto } from "@/lib/messaging/templates/manage-templates";

/** GET /api/v1/templates — the shared templates and the caller's own; `scope`, `q`. */
export const GET = apiRoute(async ({ ctx, request }) => ({ templates: (await listTemplates({ ctx, input: readQuery(request) })).map(toTemplateDto) }));

/** POST /api/v1/templates — a personal template, or (administrators) a shared one. */
export const POST = apiRoute(async ({ ctx, request }) => json(toTemplateDto(await createTemplate({ ctx, input: await readJsonBody(request) })), 201));
