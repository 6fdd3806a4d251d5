/** SCIM's media type (RFC 7644 §3.1); every answer of /scim/v2 carries it. */
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** RFC 7644 §3.12, Table 9: the detail error keywords this service answers with. */
export type ScimType = "invalidFilter" | "invalidSyntax" | "invalidPath" | "invalidValue" | "uniqueness" | "mutability" | "noTarget" | "tooMany";

/**
 * An expected SCIM failure, answered in SCIM's error schema (`status` as a string, the
 * `scimType` keyword for 400 and 409, a `detail` a directory administrator can act on).
 */
export class ScimError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 413 | 429 | 500,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = "ScimError";
  }
}

export function isScimError(err: unknown): err is ScimError {
  return err instanceof ScimError;
}

/** A SCIM answer: JSON with SCIM's content type, never cached. */
export function scimResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": SCIM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

export function scimErrorResponse(err: ScimError, headers: Record<string, string> = {}): Response {
  return scimResponse(
    { schemas: [SCIM_ERROR_SCHEMA], status: String(err.status), ...(err.scimType ? { scimType: err.scimType } : {}), detail: err.detail },
    err.status,
    headers,
  );
}
