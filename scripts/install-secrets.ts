import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertStartupEnv, getEnv, isEmailSimulated, isTwilioSimulated, resetEnvCache } from "@/lib/env";

/**
 * The simulated providers' credentials (issue 13: no credential is a constant in the source).
 * They are generated once per install and kept in .data/simulator-credentials.json (mode 0600),
 * as scripts/launch.ts keeps AUTH_SECRET in .data/auth-secret, and every process of the install
 * gets them through the environment. A variable already set wins, so a deployment may pass its
 * own; tests generate fresh ones per process (generateSimulatorSecrets).
 */

export const SIMULATOR_SECRET_NAMES = ["TWILIO_SIMULATOR_ACCOUNT_SID", "TWILIO_SIMULATOR_AUTH_TOKEN", "RESEND_SIMULATOR_KEY"] as const;
export type SimulatorSecrets = Record<(typeof SIMULATOR_SECRET_NAMES)[number], string>;

const DEFAULT_FILE = ".data/simulator-credentials.json";

/** Fresh random credentials: an account SID Twilio's SDK accepts (AC + 32 hex), a 32-byte token and key. */
export function generateSimulatorSecrets(): SimulatorSecrets {
  return {
    TWILIO_SIMULATOR_ACCOUNT_SID: `AC${randomBytes(16).toString("hex")}`,
    TWILIO_SIMULATOR_AUTH_TOKEN: randomBytes(32).toString("hex"),
    RESEND_SIMULATOR_KEY: `re_${randomBytes(32).toString("base64url")}`,
  };
}

/** This install's credentials: the environment's where set, else .data's, generated there on first use. */
export function ensureSimulatorSecrets(file = path.resolve(DEFAULT_FILE), env: Record<string, string | undefined> = process.env): SimulatorSecrets {
  let stored: Partial<SimulatorSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<SimulatorSecrets>;
  if (SIMULATOR_SECRET_NAMES.some((name) => !stored[name])) {
    stored = { ...generateSimulatorSecrets(), ...stored };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  const out = {} as SimulatorSecrets;
  for (const name of SIMULATOR_SECRET_NAMES) out[name] = env[name] || stored[name]!;
  return out;
}

/**
 * The start-up step of every long-running process (web tier, worker, simulator): when a
 * provider is simulated, fill in the install's simulator credentials that the environment lacks;
 * then check the configuration (lib/env.ts checkProviderConfig). Returns the variables it
 * filled in; on a problem prints it (naming the variable) and exits 1 — the process never
 * starts half configured.
 */
export function prepareProcessEnv(name: string): Record<string, string> {
  const filled: Record<string, string> = {};
  try {
    const env = getEnv();
    if (isTwilioSimulated(env) || isEmailSimulated(env)) {
      const secrets = ensureSimulatorSecrets();
      for (const key of SIMULATOR_SECRET_NAMES) {
        if (!process.env[key]) process.env[key] = filled[key] = secrets[key];
      }
      resetEnvCache();
    }
    assertStartupEnv();
  } catch (err) {
    console.error(`[${name}] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  return filled;
}

/**
 * The demo's opt-in (`npm start`): each provider without credentials is simulated on purpose
 * (TWILIO_MODE / EMAIL_MODE = simulated) unless a mode is already chosen. Returns the variables
 * to set and one line per provider saying which mode it runs in.
 */
export function demoProviderModes(env: Record<string, string | undefined> = process.env): { vars: Record<string, string>; lines: string[] } {
  const vars: Record<string, string> = {};
  const lines: string[] = [];
  const twilioCredentials = Boolean(env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN);
  const twilioMode = env.TWILIO_MODE || (twilioCredentials ? "live" : "simulated");
  if (!env.TWILIO_MODE && !twilioCredentials) vars.TWILIO_MODE = "simulated";
  lines.push(
    twilioMode === "simulated"
      ? "[start] Twilio: SIMULATED (TWILIO_MODE=simulated) — no text leaves this machine; the handset simulator answers for phones."
      : "[start] Twilio: live (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).",
  );
  const emailMode = env.EMAIL_MODE || (env.RESEND_API_KEY ? "live" : "simulated");
  if (!env.EMAIL_MODE && !env.RESEND_API_KEY) vars.EMAIL_MODE = "simulated";
  lines.push(
    emailMode === "simulated"
      ? "[start] Email: SIMULATED (EMAIL_MODE=simulated) — mail stays in the local stand-in (Administration → Mail outbox)."
      : "[start] Email: live (RESEND_API_KEY).",
  );
  return { vars, lines };
}
