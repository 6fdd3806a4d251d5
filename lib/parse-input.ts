import { z } from "zod";
import { AppError } from "@/lib/errors";

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

/** Validates a service's input; a mismatch becomes a VALIDATION AppError naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(fieldErrorsOf(result.error));
  return result.data;
}
