import { z } from "zod";
import { AppError } from "@/lib/errors";
import { CONTROL_CHARACTER_MESSAGE, findForbiddenText } from "@/lib/validation/text";

/** `["phones", 0, "number"]` → `phones[0].number`: the field names every 400 answer and form uses. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}

/** One message per field (the first zod reports), keyed by `fieldPath`. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fields[fieldPath([...issue.path, key])] ??= "Unknown field.";
      continue;
    }
    fields[issue.path.length ? fieldPath(issue.path) : "body"] ??= issue.message;
  }
  return fields;
}

/** A VALIDATION AppError whose message names the first field, e.g. `roles[1]: Unknown role code "X".` */
export function validationError(fieldErrors: Record<string, string>): AppError {
  const [first] = Object.entries(fieldErrors);
  const message = first ? `${first[0]}: ${first[1]}` : "The request is not valid.";
  return new AppError("VALIDATION", message, fieldErrors);
}

/**
 * Validates a service's input; a mismatch becomes a VALIDATION AppError naming the fields. Any
 * string in the input holding NUL or another control character no field accepts is refused
 * first, naming its field, whatever the schema says (issue 13.3: never a 500 from PostgreSQL's
 * 22021, never stored); the schemas' `safeText` also refuses line breaks in single-line fields.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const forbidden = findForbiddenText(input);
  if (forbidden) throw validationError({ [forbidden.length ? fieldPath(forbidden) : "input"]: CONTROL_CHARACTER_MESSAGE });
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(fieldErrorsOf(result.error));
  return result.data;
}
