import { AppError } from "@/lib/errors";
import { describeMissingFields, type MissingField } from "./personalize";
import { describeTemplateProblems, parseTemplate, SUGGESTED_FALLBACKS, type CompiledTemplate } from "./render";

/** A body's merge fields compiled once for a whole send; an unknown field is a VALIDATION error naming it (SPEC §10). */
export function compileBody(body: string): CompiledTemplate {
  const { template, problems } = parseTemplate(body);
  if (!template) {
    const message = describeTemplateProblems(problems);
    throw new AppError("VALIDATION", `body: ${message}`, { body: message });
  }
  return template;
}

/** SPEC §10's refusal of a send in which some recipients would get an empty field, naming them (VALIDATION: nothing is stored). */
export function missingFieldsError(missing: readonly MissingField[]): AppError {
  const message = describeMissingFields(missing, (f) => SUGGESTED_FALLBACKS[f]);
  return new AppError("VALIDATION", `body: ${message}`, { body: message });
}
