import { z } from "zod";
import { safeMultilineText, safeText } from "@/lib/validation/text";

/** The longest template body: Twilio's own limit; a send still checks each rendered text against smsMaxLength. */
export const MAX_TEMPLATE_BODY = 1600;

const name = safeText(z.string().trim().min(1, "Name the template.").max(100, "At most 100 characters."));
const body = safeMultilineText(z.string().max(MAX_TEMPLATE_BODY, `At most ${MAX_TEMPLATE_BODY} characters.`)).refine((b) => b.trim() !== "", "Write the template's text.");
const category = safeText(z.string().trim().max(60, "At most 60 characters."))
  .nullish()
  .transform((c) => (c ? c : null));

/** Shared (the institution's, administrators manage them) or personal (the actor's own). */
export const templateScope = z.enum(["shared", "personal"]);

export const createTemplateInput = z.object({ scope: templateScope.default("personal"), name, body, category });
/** Fields left out stay as they are; a category of null or "" clears it. */
export const updateTemplateInput = z.object({
  templateId: z.uuid("Not a template id."),
  name: name.optional(),
  body: body.optional(),
  category: safeText(z.string().trim().max(60, "At most 60 characters."))
    .nullable()
    .optional()
    .transform((c) => (c === undefined ? undefined : c ? c : null)),
});
export const templateIdInput = z.object({ templateId: z.uuid("Not a template id.") });
export const listTemplatesInput = z.object({
  scope: z.enum(["all", "shared", "personal"]).default("all"),
  q: safeText(z.string().trim().max(100)).optional(),
});

export type CreateTemplateInput = z.input<typeof createTemplateInput>;
export type UpdateTemplateInput = z.input<typeof updateTemplateInput>;

/** A template as the API answers it. */
export const templateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  /** Shared with the institution (administrators manage it) or personal (the caller's own). */
  shared: z.boolean(),
  /** The caller may change or delete it. */
  canChange: z.boolean(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export const templateListSchema = z.object({ templates: z.array(templateSchema) });
