import { AuthError, CredentialsSignin } from "next-auth";
import type { AuthenticateResult } from "@/lib/auth/authenticate";
import { EXTERNAL_SIGN_IN_REFUSALS, type ExternalSignInRefusal } from "@/lib/auth/sso/refusals";
import { throttleMessage } from "@/lib/auth/throttle";

type Refusal = Extract<AuthenticateResult, { ok: false }> | { ok: false; reason: "grant" };
const SSO_FAILED = "Single sign-on did not finish in time. Please sign in again.";

const INVALID = "The email or password is incorrect.";
const DISABLED = "This account is disabled. Ask your administrator to enable it.";
const FAILED = "Sign-in failed. Please try again.";
const PASSWORD_OFF = "Your institution signs in through its single sign-on, not a password. Use the email step again to continue with it.";

/** A SAML response that failed its checks (lib/auth/sso/saml/validate-response.ts; the reason is in the log). */
const SAML_RESPONSE_REFUSED = "Your identity provider's answer could not be accepted. Try again; if it keeps failing, ask your administrator.";

/** What the sign-in page says when the identity provider's answer was refused (lib/auth/sso/external-sign-in.ts). */
const SSO_REFUSED: Record<ExternalSignInRefusal, string> = {
  connection: "This single sign-on connection is not available. Ask your administrator.",
  invalid: "Your identity provider did not send a usable email address. Ask your administrator.",
  unverifiedEmail: "Your identity provider did not confirm your email address, so it cannot sign you in here.",
  noUser: "You signed in at your identity provider, but there is no account for you here. Ask your administrator to add you.",
  otherInstitution: "This account belongs to another institution: sign in through that institution's sign-on.",
  disabled: DISABLED,
  identityConflict: "Your identity provider's account was used before for a different person here. Ask your administrator.",
};

/**
 * Thrown by `authorize` so the sign-in form can say why. `code` (which Auth.js may put in a
 * URL) is only the reason's name; the person-facing text is built by `signInErrorMessage`.
 */
export class SignInRefused extends CredentialsSignin {
  constructor(readonly refusal: Refusal) {
    super();
    this.code = refusal.reason;
  }
}

/** What the sign-in form shows for a failed attempt. */
export function signInErrorMessage(err: AuthError): string {
  if (err instanceof SignInRefused) {
    const r = err.refusal;
    if (r.reason === "throttled") return throttleMessage(r.retryAfterMinutes);
    if (r.reason === "passwordSignInOff") return PASSWORD_OFF;
    return r.reason === "disabled" ? DISABLED : r.reason === "grant" ? SSO_FAILED : INVALID;
  }
  return err instanceof CredentialsSignin ? INVALID : FAILED;
}

/**
 * The message for Auth.js's own redirect to `/sign-in?error=…&code=…` (a sign-in posted to
 * /api/auth directly). The retry time is not in the URL, so throttling is told without it.
 */
export function signInErrorFromQuery(error: string | undefined, code: string | undefined): string {
  if (error === "SsoRefused" && code === "samlResponse") return SAML_RESPONSE_REFUSED;
  if (error === "SsoRefused") return (EXTERNAL_SIGN_IN_REFUSALS as readonly string[]).includes(code ?? "") ? SSO_REFUSED[code as ExternalSignInRefusal] : FAILED;
  if (error !== "CredentialsSignin") return FAILED;
  if (code === "passwordSignInOff") return PASSWORD_OFF;
  if (code === "throttled") return "Too many sign-in attempts. Try again later.";
  return code === "disabled" ? DISABLED : INVALID;
}
