import { Resend } from "resend";
import { getEnv, isEmailSimulated, type Env } from "@/lib/env";

/** API key of the local Resend stand-in, used whenever RESEND_API_KEY is absent. Not a secret. */
export const SIMULATED_RESEND_KEY = "re_simulated";

/** Path under which the app serves the local Resend stand-in (lib/email/fake-resend.ts). */
export const FAKE_RESEND_PATH = "/api/dev/resend";

const RESEND_API_URL = "https://api.resend.com";

/** Where the SDK sends mail: RESEND_BASE_URL when set, else Resend itself, or the app's own stand-in when simulated. */
export function resendBaseUrl(env: Env = getEnv()): string {
  if (env.RESEND_BASE_URL) return env.RESEND_BASE_URL.replace(/\/+$/, "");
  return isEmailSimulated(env) ? `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}${FAKE_RESEND_PATH}` : RESEND_API_URL;
}

/** A Resend client (the official SDK): real with RESEND_API_KEY, else pointed at the local stand-in. */
export function createResendClient(env: Env = getEnv()): Resend {
  return new Resend(env.RESEND_API_KEY ?? SIMULATED_RESEND_KEY, { baseUrl: resendBaseUrl(env) });
}

let cached: Resend | undefined;

/** The app's Resend client, created on first use (`new Resend()` must never run at import). */
export function getResendClient(): Resend {
  cached ??= createResendClient();
  return cached;
}
