import { z } from "zod";

/**
 * Every environment variable the product reads, validated once. The only reader of
 * process.env (apart from next.config.ts and the launch scripts that set these).
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** The URL Twilio and browsers use to reach the app; webhook signatures are checked against it. */
  PUBLIC_BASE_URL: z.string().url().default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(16).optional(),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex digits").optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  /** Where the simulated Twilio API is served (the app itself) when Twilio credentials are absent. */
  TWILIO_SIMULATOR_URL: z.string().url().optional(),
  RESEND_API_KEY: z.string().min(1).optional(),
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

/** Twilio is simulated whenever real credentials are absent (SPEC §5). */
export function isTwilioSimulated(env: Env = getEnv()) {
  return !(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN);
}

/** Requests per second this process may make to Resend (0 = no limit); see RESEND_REQUESTS_PER_SECOND. */
export function resendRequestsPerSecond(env: Env = getEnv()): number {
  return env.RESEND_REQUESTS_PER_SECOND ?? (env.RESEND_API_KEY ? 2 : 0);
}

/** The local Resend stand-in is used whenever RESEND_API_KEY is absent. */
export function isEmailSimulated(env: Env = getEnv()) {
  return !env.RESEND_API_KEY;
}
