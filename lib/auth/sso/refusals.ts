/** Why an external identity was not let in (external-sign-in.ts); each has a message on the sign-in page (sign-in-refused.ts). */
export const EXTERNAL_SIGN_IN_REFUSALS = ["connection", "invalid", "unverifiedEmail", "noUser", "otherInstitution", "disabled", "identityConflict"] as const;
export type ExternalSignInRefusal = (typeof EXTERNAL_SIGN_IN_REFUSALS)[number];
