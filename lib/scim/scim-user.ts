import type { ScimUserRow, ScimUserWrite } from "@/db/queries/scim-users";
import { ScimError } from "./scim-error";

export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SCIM_PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/**
 * A user's SCIM attributes that this service keeps, before validation: what a POST or PUT body
 * says, or a stored user with a PATCH applied. Attributes we do not keep (title, phone numbers,
 * the enterprise extension, password…) are accepted and ignored, so a directory whose mapping
 * sends them still provisions.
 */
export type ScimUserState = {
  userName: unknown;
  externalId: unknown;
  displayName: unknown;
  givenName: unknown;
  familyName: unknown;
  /** Each `{ value, primary }` as sent. */
  emails: unknown;
  active: unknown;
};

/** The validated attributes and `active`. */
export type ScimUserInput = { write: ScimUserWrite; active: boolean };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** NUL and other control characters: PostgreSQL refuses NUL (a 500), and no name or address holds one. */
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_NAME = 200;
const MAX_EXTERNAL_ID = 255;

/** RFC 7643 §2.1: attribute names are case-insensitive. The value of `name` in `obj`, whatever its case. */
export function attributeOf(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** SCIM booleans as directories send them: Entra ID sends "True"/"False" strings. */
export function scimBoolean(v: unknown, what: string): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === "true";
  throw new ScimError(400, `${what} must be true or false.`, "invalidValue");
}

/** The state a POST or PUT body describes (RFC 7644 §3.3, §3.5.1): attributes left out are absent. */
export function stateFromBody(body: Record<string, unknown>): ScimUserState {
  const name = attributeOf(body, "name");
  if (name !== undefined && name !== null && !isObject(name)) throw new ScimError(400, "name must be an object.", "invalidValue");
  return {
    userName: attributeOf(body, "userName"),
    externalId: attributeOf(body, "externalId") ?? null,
    displayName: attributeOf(body, "displayName") ?? null,
    givenName: name ? (attributeOf(name, "givenName") ?? null) : null,
    familyName: name ? (attributeOf(name, "familyName") ?? null) : null,
    emails: attributeOf(body, "emails") ?? [],
    active: attributeOf(body, "active") ?? true,
  };
}

/** A stored user as a state, for PATCH to change. */
export function stateFromRow(row: ScimUserRow): ScimUserState {
  return {
    userName: row.userName,
    externalId: row.externalId,
    displayName: row.displayName,
    givenName: row.givenName,
    familyName: row.familyName,
    emails: row.emails.map((e) => ({ value: e.value, primary: e.primary })),
    active: !row.disabled,
  };
}

function optionalText(v: unknown, what: string, max: number): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") throw new ScimError(400, `${what} must be a string.`, "invalidValue");
  if (CONTROL.test(v)) throw new ScimError(400, `${what} holds a control character.`, "invalidValue");
  const text = v.trim();
  if (text.length > max) throw new ScimError(400, `${what} is longer than ${max} characters.`, "invalidValue");
  return text === "" ? null : text;
}

function emailOf(v: unknown, what: string): string {
  if (typeof v !== "string" || !EMAIL.test(v.trim()) || CONTROL.test(v) || v.trim().length > 254) {
    throw new ScimError(400, `${what} must be an email address.`, "invalidValue");
  }
  return v.trim().toLowerCase();
}

/** The emails, lower-cased and distinct, the primary one first; the sign-in address when none is given. */
function emailsOf(v: unknown, userName: string): string[] {
  if (!Array.isArray(v)) throw new ScimError(400, "emails must be a list.", "invalidValue");
  const parsed = v.map((e, i) => {
    if (!isObject(e)) throw new ScimError(400, `emails[${i}] must be an object with a value.`, "invalidValue");
    const primary = attributeOf(e, "primary");
    return { value: emailOf(attributeOf(e, "value"), `emails[${i}].value`), primary: primary === undefined ? false : scimBoolean(primary, `emails[${i}].primary`) };
  });
  const ordered = [...parsed.filter((e) => e.primary), ...parsed.filter((e) => !e.primary)].map((e) => e.value);
  const distinct = [...new Set(ordered)];
  return distinct.length ? distinct : [userName];
}

/**
 * Validates a state into what is stored (STYLE: bad input changes nothing — this runs before
 * any write). userName is the sign-in email (lower-cased: SCIM compares it case-insensitively,
 * RFC 7643 §4.1.1). Names a directory leaves out come from displayName, else from the address.
 */
export function validateScimUser(state: ScimUserState): ScimUserInput {
  if (state.userName === undefined || state.userName === null || state.userName === "") {
    throw new ScimError(400, "userName is required.", "invalidValue");
  }
  const userName = emailOf(state.userName, "userName (the sign-in email address)");
  const displayName = optionalText(state.displayName, "displayName", MAX_NAME);
  const [firstWord, ...rest] = (displayName ?? "").split(/\s+/).filter(Boolean);
  const localPart = userName.split("@")[0].slice(0, MAX_NAME);
  const givenName = optionalText(state.givenName, "name.givenName", MAX_NAME) ?? firstWord ?? localPart;
  const familyName = optionalText(state.familyName, "name.familyName", MAX_NAME) ?? (rest.length ? rest.join(" ").slice(0, MAX_NAME) : localPart);
  return {
    write: {
      userName,
      displayName: displayName ?? `${givenName} ${familyName}`,
      givenName,
      familyName,
      emails: emailsOf(state.emails, userName),
      externalId: optionalText(state.externalId, "externalId", MAX_EXTERNAL_ID),
    },
    active: scimBoolean(state.active, "active"),
  };
}

/** The SCIM User resource of a stored user (RFC 7643 §4.1). Active only while they may sign in. */
export function toScimUser(row: ScimUserRow, baseUrl: string) {
  return {
    schemas: [SCIM_USER_SCHEMA],
    id: row.userId,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.userName,
    name: { givenName: row.givenName, familyName: row.familyName, formatted: `${row.givenName} ${row.familyName}` },
    displayName: row.displayName,
    active: !row.disabled && !row.personDeleted,
    emails: row.emails.map((e) => ({ value: e.value, type: "work", primary: e.primary })),
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.lastModified.toISOString(),
      location: `${baseUrl}/Users/${row.userId}`,
    },
  };
}
