import { formatPhone } from "@/lib/e164";
import { formatTime } from "./quiet-window";

/** The on-screen names of the recorded settings (SPEC §3 labels). */
const FIELD_LABELS: Record<string, string> = {
  studentDefaultStatus: "Student SMS Default Status",
  staffDefaultStatus: "Staff SMS Default Status",
  defaultPhoneTypeSrcSystemId: "Default SMS Phone Type",
  permittedRoleCodes: "Permitted Roles",
  replyEmailSubject: "Subject",
  replyEmailBody: "Body",
  smsMonthlyLimit: "SMS Message Limit",
  smsPhoneNumberLimit: "SMS Phone Number Usage Limit",
  smsMaxLength: "smsMaxLength",
  quietHoursEnabled: "Quiet hours",
  quietWindowStart: "Texts start at",
  quietWindowEnd: "Texts end at",
  quietReplyExemptMinutes: "Replies not held within (minutes)",
  firstContactFooter: "First-contact footer",
  assignment: "Phone number assignment",
  // Administration → Sign-in (issue 19).
  passwordSignInAllowed: "Password sign-in",
  jitProvisioning: "Create accounts on first sign-in",
  jitDefaultRoleCode: "Role of new accounts",
  emailDomains: "Email domains",
  oidc: "OpenID Connect connection",
  "oidc.displayName": "OpenID Connect: name on the button",
  "oidc.enabled": "OpenID Connect: enabled",
  "oidc.issuer": "OpenID Connect: issuer URL",
  "oidc.clientId": "OpenID Connect: client ID",
  "oidc.clientSecret": "OpenID Connect: client secret",
  "oidc.trustEmail": "OpenID Connect: trust email without email_verified",
  saml: "SAML connection",
  "saml.displayName": "SAML: name on the button",
  "saml.enabled": "SAML: enabled",
  "saml.idpEntityId": "SAML: identity provider entity ID",
  "saml.idpSsoUrl": "SAML: identity provider sign-on URL",
  "saml.metadataUrl": "SAML: metadata URL",
  "saml.emailAttribute": "SAML: email attribute",
  "saml.certificates": "SAML: signing certificates",
};

const STATUS_LABELS: Record<string, string> = { OPTED_IN: "Opted in", OPTED_OUT: "Opted out" };

export type ChangeNames = { phoneTypes?: ReadonlyMap<string, string>; roles?: ReadonlyMap<string, string> };

/** How a recorded setting is named on screen. */
export function settingLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/**
 * A recorded old or new value as a person reads it: Opted in/out, phone type and role names
 * instead of codes, a removed assignment as "number — holder", an absent value as "—".
 */
export function describeSettingValue(field: string, value: unknown, names: ChangeNames = {}): string {
  if (field === "quietWindowStart" || field === "quietWindowEnd") {
    if (value === null || value === undefined) return field === "quietWindowStart" ? "8:00 AM (federal)" : "9:00 PM (federal)";
    return formatTime(String(value));
  }
  if (field === "quietHoursEnabled") return value ? "On" : "Off";
  if (value === null || value === undefined) return field === "assignment" ? "Removed" : "—";
  if (field === "studentDefaultStatus" || field === "staffDefaultStatus") return STATUS_LABELS[String(value)] ?? String(value);
  if (field === "defaultPhoneTypeSrcSystemId") return names.phoneTypes?.get(String(value)) ?? String(value);
  if (field === "permittedRoleCodes" && Array.isArray(value)) {
    return value.length ? value.map((code) => names.roles?.get(String(code)) ?? String(code)).join(", ") : "None";
  }
  if (field === "assignment" && typeof value === "object") {
    const { number, holderName } = value as { number?: string; holderName?: string };
    return [number ? formatPhone(number) : null, holderName].filter(Boolean).join(" — ");
  }
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "boolean") return value ? "On" : "Off";
  if (field === "jitDefaultRoleCode") return names.roles?.get(String(value)) ?? String(value);
  if (Array.isArray(value)) return value.length ? value.join(", ") : "None";
  return String(value);
}
