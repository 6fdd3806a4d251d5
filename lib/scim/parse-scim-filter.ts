import { ScimError } from "./scim-error";

/** The filters a directory needs to find a user before it creates or links one. */
export type ScimUserFilter = { attribute: "userName" | "externalId"; value: string };

const FILTER = /^\s*([A-Za-z.:0-9]+)\s+(eq)\s+("(?:[^"\\]|\\.)*")\s*$/i;
const ATTRIBUTES: Record<string, ScimUserFilter["attribute"]> = {
  username: "userName",
  "urn:ietf:params:scim:schemas:core:2.0:user:username": "userName",
  externalid: "externalId",
  "urn:ietf:params:scim:schemas:core:2.0:user:externalid": "externalId",
};

/**
 * Parses a `filter` query parameter (RFC 7644 §3.4.2.2) of the one shape Entra ID and Okta send
 * to match users: `userName eq "…"` (also `externalId eq "…"`). Attribute names and the operator
 * are case-insensitive; the value is a JSON string. Anything else — other operators, `and`/`or`,
 * other attributes — is a 400 `invalidFilter`, so a directory never reads an unfiltered list as
 * "no such user". Undefined when there is no filter.
 */
export function parseScimFilter(filter: string | null | undefined): ScimUserFilter | undefined {
  if (filter === null || filter === undefined || filter.trim() === "") return undefined;
  const match = FILTER.exec(filter);
  const attribute = match ? ATTRIBUTES[match[1].toLowerCase()] : undefined;
  if (!match || !attribute) {
    throw new ScimError(400, 'Only filters of the form userName eq "value" or externalId eq "value" are supported.', "invalidFilter");
  }
  let value: unknown;
  try {
    value = JSON.parse(match[3]);
  } catch {
    throw new ScimError(400, "The filter's value is not a valid quoted string.", "invalidFilter");
  }
  return { attribute, value: String(value) };
}
