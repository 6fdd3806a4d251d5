import { AppError, isAppError, pgErrorCode, PG_UNIQUE_VIOLATION } from "@/lib/errors";

/**
 * Re-keys an AppError's field errors written for a list (`phones[0].srcSystemId`) to the
 * single-phone form's names (`srcSystemId`), keeping code and message. Other errors pass.
 */
export function withoutPrefix(prefix: string) {
  return (err: unknown): never => {
    if (!isAppError(err) || !err.fieldErrors) throw err;
    const fields = Object.fromEntries(Object.entries(err.fieldErrors).map(([k, v]) => [k.startsWith(prefix) ? k.slice(prefix.length) : k, v]));
    const [first] = Object.entries(fields);
    throw new AppError(err.code, first ? `${first[0]}: ${first[1]}` : err.message, fields);
  };
}

/** A source id taken by a concurrent write (past the checks) becomes CONFLICT on `srcSystemId`. */
export function rethrowPhoneUniqueViolation(err: unknown): never {
  if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
    throw new AppError("CONFLICT", "srcSystemId: Another phone already has this source id.", {
      srcSystemId: "Another phone already has this source id.",
    });
  }
  throw err;
}
