import "server-only";
import { z } from "zod";
import { databaseEnvShape } from "@/db/env";

/**
 * Every environment variable the product reads, validated once. The only reader of
 * process.env (apart from db/env.ts for the database's own two, next.config.ts and the launch
 * scripts that set these).
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** DATABASE_URL, DB_POOL_MAX: defined in db/env.ts, which db/index.ts reads. */
  ...databaseEnvShape,
  /** The URL Twilio and browsers use to reach the app; webhook signatures are checked against it. */
  PUBLIC_BASE_URL: z.string().url().default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(16).optional(),
  /**
   * Encrypts SSO client secrets at rest (lib/auth/sso/secret-box.ts): 32 bytes, base64. `npm start`,
   * `npm run dev` and the e2e server generate one into .data/sso-encryption-key when unset; losing
   * it means re-entering every institution's client secret.
   */
  SSO_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64 (openssl rand -base64 32)")
    .optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex digits").optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  /**
   * `live`: real Twilio (both credentials required); `simulated`: the simulated Twilio (SPEC §5).
   * Unset: live with both credentials, else simulated — but never in production, where an
   * implicit fall-back to simulation would silently swallow every text (checkProviderConfig).
   */
  TWILIO_MODE: z.enum(["live", "simulated"]).optional(),
  /** Where the simulated Twilio API is served (the app itself) when Twilio is simulated. */
  TWILIO_SIMULATOR_URL: z.string().url().optional(),
  /**
   * The simulated Twilio's account and auth token, generated once per install (scripts/install-secrets.ts
   * keeps them in .data/simulator-credentials.json) and passed to every process. The token also
   * signs the simulator's webhooks, so no one outside the install can forge one.
   */
  TWILIO_SIMULATOR_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, "must be AC followed by 32 lower-case hex digits").optional(),
  TWILIO_SIMULATOR_AUTH_TOKEN: z.string().min(32, "must be at least 32 characters (generated per install)").optional(),
  /** `live`: Resend (RESEND_API_KEY required); `simulated`: the local stand-in. Unset: as TWILIO_MODE. */
  EMAIL_MODE: z.enum(["live", "simulated"]).optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
  /** The local Resend stand-in's API key, generated once per install like the simulated Twilio's token. */
  RESEND_SIMULATOR_KEY: z.string().min(32, "must be at least 32 characters (generated per install)").optional(),
  RESEND_BASE_URL: z.string().url().optional(),
  /**
   * Requests to Resend per second from this process (lib/email/send-email.ts). Resend limits a
   * team to 2 by default, shared by every process: with a real key the default is 2; split a
   * raised limit among the processes that send. 0 = no limit (the default for the local stand-in).
   */
  RESEND_REQUESTS_PER_SECOND: z.coerce.number().min(0).max(1000).optional(),
  MAIL_FROM: z.string().min(3).default("Student Success Messaging <messages@sms.example.edu>"),
  /** REST API requests per key per minute, counted in PostgreSQL across web processes (lib/api/rate-limit.ts); 0 = no limit. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed (lib/auth/client-ip.ts); empty = none. */
  TRUSTED_PROXIES: z.string().default(""),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /**
   * Status reconciliation (lib/messaging/lifecycle/reconcile-statuses.ts): a text Twilio took that has had
   * no status change for this many minutes is looked up at Twilio (then at most once per this
   * interval), and given up on after RECONCILE_GIVE_UP_HOURS without a final status.
   */
  RECONCILE_AFTER_MINUTES: z.coerce.number().min(1).max(1440).default(10),
  RECONCILE_GIVE_UP_HOURS: z.coerce.number().min(1).max(720).default(72),
  /**
   * Quiet hours (SPEC §9, no late arrival): the segments per second one sending number gets out
   * of Twilio's queue (1 for a long code, Twilio's baseline; more for a toll-free or short code).
   * The worker releases to a number only what it can hand over before the recipient's window ends.
   */
  TWILIO_SEGMENTS_PER_SECOND_PER_NUMBER: z.coerce.number().positive().max(1000).default(1),
  /**
   * The simulated Twilio's per-number queue (SPEC §9): segments per second each From number
   * sends, so ValidityPeriod can expire as at Twilio (30036). 0 = no queue (the default: every
   * text leaves at once, as benchmarks want).
   */
  TWILIO_SIMULATOR_SEGMENTS_PER_SECOND: z.coerce.number().min(0).max(1000).default(0),
  /** GET /healthz answers 503 when the freshest worker heartbeat is older than this. */
  HEALTH_MAX_HEARTBEAT_AGE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** GET /healthz answers 503 when a job has waited (created, due) longer than this. */
  HEALTH_MAX_QUEUE_AGE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const raw = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/**
 * Twilio is simulated when TWILIO_MODE=simulated, or (outside production, unset mode) whenever
 * real credentials are absent (SPEC §5). In production an unset mode without credentials is a
 * start-up error (checkProviderConfig), never simulation.
 */
export function isTwilioSimulated(env: Env = getEnv()) {
  if (env.TWILIO_MODE) return env.TWILIO_MODE === "simulated";
  return !(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN);
}

/** Requests per second this process may make to Resend (0 = no limit); see RESEND_REQUESTS_PER_SECOND. */
export function resendRequestsPerSecond(env: Env = getEnv()): number {
  return env.RESEND_REQUESTS_PER_SECOND ?? (env.RESEND_API_KEY ? 2 : 0);
}

/** The local Resend stand-in is used when EMAIL_MODE=simulated, or (unset mode) whenever RESEND_API_KEY is absent. */
export function isEmailSimulated(env: Env = getEnv()) {
  if (env.EMAIL_MODE) return env.EMAIL_MODE === "simulated";
  return !env.RESEND_API_KEY;
}

/**
 * What is wrong with the providers' configuration, one line per problem, each naming the variable
 * to set (issue 13: fail closed). Empty when the process may start. Rules:
 * - only one of TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN set (production, or TWILIO_MODE=live) → the missing one;
 * - TWILIO_MODE=live without both credentials → the missing ones (any NODE_ENV);
 * - production, neither credential, no TWILIO_MODE=simulated → the credentials or TWILIO_MODE=simulated;
 * - the same for email with RESEND_API_KEY / EMAIL_MODE;
 * - a simulated provider without its per-install credentials (TWILIO_SIMULATOR_ACCOUNT_SID,
 *   TWILIO_SIMULATOR_AUTH_TOKEN, RESEND_SIMULATOR_KEY) → those: there is no built-in fall-back.
 * Outside production an unset mode without credentials stays the implicit simulation.
 */
export function checkProviderConfig(env: Env): string[] {
  const problems: string[] = [];
  const production = env.NODE_ENV === "production";
  const sid = Boolean(env.TWILIO_ACCOUNT_SID);
  const token = Boolean(env.TWILIO_AUTH_TOKEN);
  if (env.TWILIO_MODE !== "simulated" && sid !== token && (production || env.TWILIO_MODE === "live")) {
    const missing = sid ? "TWILIO_AUTH_TOKEN" : "TWILIO_ACCOUNT_SID";
    const given = sid ? "TWILIO_ACCOUNT_SID" : "TWILIO_AUTH_TOKEN";
    problems.push(`${missing} is not set but ${given} is: set both for real Twilio.`);
  } else if (env.TWILIO_MODE === "live" && !sid && !token) {
    problems.push("TWILIO_MODE=live needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, and neither is set.");
  } else if (production && !env.TWILIO_MODE && !sid && !token) {
    problems.push(
      "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set: set both for real Twilio, or TWILIO_MODE=simulated to run the simulated Twilio on purpose.",
    );
  }
  if (env.EMAIL_MODE === "live" && !env.RESEND_API_KEY) {
    problems.push("EMAIL_MODE=live needs RESEND_API_KEY, and it is not set.");
  } else if (production && !env.EMAIL_MODE && !env.RESEND_API_KEY) {
    problems.push("RESEND_API_KEY is not set: set it for real email, or EMAIL_MODE=simulated to keep mail in the local stand-in on purpose.");
  }
  if (problems.length > 0) return problems;
  if (isTwilioSimulated(env)) {
    for (const name of ["TWILIO_SIMULATOR_ACCOUNT_SID", "TWILIO_SIMULATOR_AUTH_TOKEN"] as const) {
      if (!env[name]) problems.push(`${name} is not set: the simulated Twilio has no built-in credentials (npm start generates them in .data/).`);
    }
  }
  if (isEmailSimulated(env) && !env.RESEND_SIMULATOR_KEY) {
    problems.push("RESEND_SIMULATOR_KEY is not set: the local Resend stand-in has no built-in key (npm start generates one in .data/).");
  }
  return problems;
}

/**
 * The start-up check of every process (web tier, worker, simulator): the environment parses and
 * the providers are configured (checkProviderConfig). Throws one error listing every problem.
 */
export function assertStartupEnv(env: Env = getEnv()): Env {
  const problems = checkProviderConfig(env);
  if (problems.length > 0) throw new Error(`Refusing to start:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return env;
}

/** A simulated provider's per-install credential; its absence is an error, never a built-in fall-back. */
export function requireSimulatorSecret(
  name: "TWILIO_SIMULATOR_ACCOUNT_SID" | "TWILIO_SIMULATOR_AUTH_TOKEN" | "RESEND_SIMULATOR_KEY",
  env: Env = getEnv(),
): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: the simulated providers have no built-in credentials (npm start generates them in .data/).`);
  return value;
}
