import { AuthError, CredentialsSignin } from "next-auth";
import type { AuthenticateResult } from "@/lib/auth/authenticate";
import { throttleMessage } from "@/lib/auth/throttle";

type Refusal = Extract<AuthenticateResult, { ok: false }>;

const INVALID = "The email or password is incorrect.";
const DISABLED = "This account is disabled. Ask your administrator to enable it.";
const FAILED = "Sign-in failed. Please try again.";

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
    return r.reason === "disabled" ? DISABLED : INVALID;
  }
  return err instanceof CredentialsSignin ? INVALID : FAILED;
}

/**
 * The message for Auth.js's own redirect to `/sign-in?error=…&code=…` (a sign-in posted to
 * /api/auth directly). The retry time is not in the URL, so throttling is told without it.
 */
export function signInErrorFromQuery(error: string | undefined, code: string | undefined): string {
  if (error !== "CredentialsSignin") return FAILED;
  if (code === "throttled") return "Too many sign-in attempts. Try again later.";
  return code === "disabled" ? DISABLED : INVALID;
}
