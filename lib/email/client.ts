import "server-only";
import { Resend } from "resend";
import { getEnv, isEmailSimulated, requireSimulatorSecret, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * API key of the local Resend stand-in: RESEND_SIMULATOR_KEY, generated once per install
 * (scripts/install-secrets.ts). Never a constant: the stand-in files mail under any institution
 * it is told, so only processes of this install may post to it.
 */
export function simulatedResendKey(env: Env = getEnv()): string {
  return requireSimulatorSecret("RESEND_SIMULATOR_KEY", env);
}

/** Path under which the app serves the local Resend stand-in (lib/email/fake-resend.ts). */
export const FAKE_RESEND_PATH = "/api/dev/resend";

const RESEND_API_URL = "https://api.resend.com";

/** Where the SDK sends mail: RESEND_BASE_URL when set, else Resend itself, or the app's own stand-in when simulated. */
export function resendBaseUrl(env: Env = getEnv()): string {
  if (env.RESEND_BASE_URL) return env.RESEND_BASE_URL.replace(/\/+$/, "");
  return isEmailSimulated(env) ? `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}${FAKE_RESEND_PATH}` : RESEND_API_URL;
}

/** A Resend client (the official SDK): real when live (EMAIL_MODE, or RESEND_API_KEY set), else pointed at the local stand-in. */
export function createResendClient(env: Env = getEnv()): Resend {
  if (!isEmailSimulated(env)) {
    if (!env.RESEND_API_KEY) throw new Error("EMAIL_MODE=live needs RESEND_API_KEY.");
    return new Resend(env.RESEND_API_KEY, { baseUrl: resendBaseUrl(env) });
  }
  return new Resend(simulatedResendKey(env), { baseUrl: resendBaseUrl(env) });
}

let cached: Resend | undefined;

/** The app's Resend client, created on first use (`new Resend()` must never run at import). */
export function getResendClient(): Resend {
  cached ??= createResendClient();
  return cached;
}

/**
 * The Mail outbox page shows what the local stand-in kept: it exists only while email is
 * simulated (issue 13), like /api/dev/resend — with Resend live it is NOT_FOUND.
 */
export function assertMailOutboxAvailable(env: Env = getEnv()) {
  if (!isEmailSimulated(env)) throw new AppError("NOT_FOUND", "The mail outbox exists only while email is simulated.");
}
