import { AppError, pgErrorCode, PG_UNIQUE_VIOLATION } from "@/lib/errors";

/** Exactly one primary when there are emails (SPEC §4.6 mails the primary): the marked one, else the first. */
export function withOnePrimary(emails: { email: string; isPrimary?: boolean }[]) {
  const marked = emails.findIndex((e) => e.isPrimary);
  const primary = marked === -1 ? 0 : marked;
  return emails.map((e, i) => ({ email: e.email, isPrimary: i === primary }));
}

const FIELD_OF_CONSTRAINT: Record<string, string> = {
  persons_src_system_id_key: "srcSystemId",
  person_phones_src_system_id_key: "phones",
};

/**
 * A unique violation that slipped past the checks (a concurrent write took the same source id)
 * becomes CONFLICT naming the field; anything else is rethrown as is.
 */
export function rethrowUniqueViolation(err: unknown): never {
  if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
    const constraint = (err as { cause?: { constraint_name?: string } }).cause?.constraint_name ?? "";
    const field = FIELD_OF_CONSTRAINT[constraint] ?? "body";
    throw new AppError("CONFLICT", `${field}: Another record already has this source id.`, { [field]: "Already taken." });
  }
  throw err;
}
