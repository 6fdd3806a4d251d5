import { ScimError } from "./scim-error";
import { attributeOf, isObject, SCIM_USER_SCHEMA, type ScimUserState } from "./scim-user";

type Op = "add" | "replace" | "remove";

const CORE_PREFIX = `${SCIM_USER_SCHEMA.toLowerCase()}:`;
/** `emails[type eq "work"].value`, `emails[primary eq true]`… */
const EMAILS_FILTER = /^emails\[[^\]]*\](?:\.([a-z]+))?$/;

function emailList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return [];
  return [v];
}

/** The emails with `value` as the primary address (the one `emails[type eq "work"]` names: every address we keep is a work address). */
function withPrimary(emails: unknown, value: unknown): unknown[] {
  const others = emailList(emails).filter((e) => !(isObject(e) && attributeOf(e, "primary") === true) && !(isObject(e) && attributeOf(e, "value") === value));
  return [{ value, primary: true }, ...others.map((e) => (isObject(e) ? { ...e, primary: false } : e))];
}

function withoutPrimary(emails: unknown): unknown[] {
  const list = emailList(emails);
  const primaryIndex = Math.max(0, list.findIndex((e) => isObject(e) && attributeOf(e, "primary") === true));
  return list.filter((_, i) => i !== primaryIndex);
}

/** Applies one operation on one attribute path (RFC 7644 §3.5.2.1–3) to `s`, in place. */
function applyAt(s: ScimUserState, op: Op, rawPath: string, value: unknown): void {
  let path = rawPath.trim().toLowerCase();
  if (path.startsWith(CORE_PREFIX)) path = path.slice(CORE_PREFIX.length);
  // Extension schemas (the enterprise user's department, manager…) are not kept here.
  if (path.startsWith("urn:")) return;
  const remove = op === "remove";
  switch (path) {
    case "username":
      if (remove) throw new ScimError(400, "userName cannot be removed.", "mutability");
      s.userName = value;
      return;
    case "active":
      if (remove) throw new ScimError(400, "active cannot be removed; replace it with false to deactivate.", "mutability");
      s.active = value;
      return;
    case "externalid":
      s.externalId = remove ? null : value;
      return;
    case "displayname":
      s.displayName = remove ? null : value;
      return;
    case "name.givenname":
      s.givenName = remove ? null : value;
      return;
    case "name.familyname":
      s.familyName = remove ? null : value;
      return;
    case "name":
      if (remove) {
        s.givenName = null;
        s.familyName = null;
        return;
      }
      if (!isObject(value)) throw new ScimError(400, "name must be an object.", "invalidValue");
      if (attributeOf(value, "givenName") !== undefined) s.givenName = attributeOf(value, "givenName");
      if (attributeOf(value, "familyName") !== undefined) s.familyName = attributeOf(value, "familyName");
      return;
    case "emails":
      s.emails = remove ? [] : op === "add" ? [...emailList(s.emails), ...emailList(value)] : emailList(value);
      return;
  }
  const filtered = EMAILS_FILTER.exec(path);
  if (filtered) {
    const sub = filtered[1];
    if (sub !== undefined && sub !== "value") return;
    if (remove) s.emails = withoutPrimary(s.emails);
    else s.emails = withPrimary(s.emails, sub === "value" ? value : isObject(value) ? attributeOf(value, "value") : value);
  }
  // Any other attribute (title, phoneNumbers, addresses, name.formatted…) is not kept: ignored.
}

/**
 * Applies a SCIM PatchOp body (RFC 7644 §3.5.2) to a user's state and returns the new state;
 * the caller validates it before writing anything. Accepts what directories really send: Entra
 * ID's capitalised ops ("Replace") with string booleans (`"value": "False"`) and
 * `emails[type eq "work"].value` paths; Okta's path-less `{"op":"replace","value":{"active":false}}`
 * (each key of the value is applied as a path, dotted keys such as `name.givenName` included).
 */
export function applyScimPatch(state: ScimUserState, body: Record<string, unknown>): ScimUserState {
  const operations = attributeOf(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new ScimError(400, "A PATCH body needs a non-empty Operations list.", "invalidSyntax");
  }
  const next: ScimUserState = { ...state };
  operations.forEach((operation, i) => {
    if (!isObject(operation)) throw new ScimError(400, `Operations[${i}] must be an object.`, "invalidSyntax");
    const rawOp = attributeOf(operation, "op");
    const op = typeof rawOp === "string" ? rawOp.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove") {
      throw new ScimError(400, `Operations[${i}].op must be add, replace or remove.`, "invalidSyntax");
    }
    const path = attributeOf(operation, "path");
    const value = attributeOf(operation, "value");
    if (path !== undefined && path !== null && path !== "") {
      if (typeof path !== "string") throw new ScimError(400, `Operations[${i}].path must be a string.`, "invalidPath");
      if (op !== "remove" && value === undefined) throw new ScimError(400, `Operations[${i}] has no value.`, "invalidValue");
      applyAt(next, op, path, value);
      return;
    }
    if (op === "remove") throw new ScimError(400, `Operations[${i}]: remove needs a path.`, "noTarget");
    if (!isObject(value)) throw new ScimError(400, `Operations[${i}] without a path needs an object value.`, "invalidValue");
    for (const [key, v] of Object.entries(value)) {
      if (key.toLowerCase() === "schemas") continue;
      applyAt(next, op, key, v);
    }
  });
  return next;
}
