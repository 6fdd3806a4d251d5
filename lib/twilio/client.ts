import "server-only";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type TwilioResponse from "twilio/lib/http/response";
import { getEnv, isTwilioSimulated, requireSimulatorSecret, type Env } from "@/lib/env";

type RequestOptions<TData = unknown> = RequestClient.RequestOptions<TData>;
type TransportResponse = { statusCode: number; body: unknown; headers: unknown };

/**
 * Carries one SDK request to the simulator. In the app it is the SDK's own RequestClient
 * (real HTTP to /api/dev/twilio); tests pass one that calls the simulator's handler in-process.
 */
export type TwilioTransport = (opts: RequestOptions) => Promise<TransportResponse>;

/**
 * Credentials of the simulated Twilio (SPEC §5), generated once per install and passed to every
 * process (TWILIO_SIMULATOR_ACCOUNT_SID / TWILIO_SIMULATOR_AUTH_TOKEN, scripts/install-secrets.ts).
 * The token is also the key of every webhook the simulator sends (status callbacks, inbound
 * texts): in simulation the webhooks check `X-Twilio-Signature` against it, through the same
 * code as with real Twilio (`getTwilioAuthToken()`). Never a constant in the source: anyone who
 * read the source could otherwise forge a STOP or a delivery receipt (issue 13).
 */
export function simulatorCredentials(env: Env = getEnv()): { accountSid: string; authToken: string } {
  return {
    accountSid: requireSimulatorSecret("TWILIO_SIMULATOR_ACCOUNT_SID", env),
    authToken: requireSimulatorSecret("TWILIO_SIMULATOR_AUTH_TOKEN", env),
  };
}

/** How long one API request may take before the SDK gives up (its own default is 30 s). */
export const TWILIO_REQUEST_TIMEOUT_MS = 10_000;

/** Path under which the app serves the simulated Twilio API. */
export const SIMULATOR_PATH = "/api/dev/twilio";

/**
 * Base URL of the simulated API: the app itself, at TWILIO_SIMULATOR_URL when the server cannot
 * reach itself through PUBLIC_BASE_URL (a tunnel, a proxy), else at PUBLIC_BASE_URL.
 */
export function simulatorBaseUrl(env: Env = getEnv()): string {
  const origin = (env.TWILIO_SIMULATOR_URL ?? env.PUBLIC_BASE_URL).replace(/\/+$/, "");
  return `${origin}${SIMULATOR_PATH}`;
}

/**
 * The SDK's RequestClient with the origin of every request rewritten to the simulator:
 * `https://api.twilio.com/2010-04-01/...` → `<simulatorBaseUrl>/2010-04-01/...`. The SDK
 * serializes, authenticates and parses answers exactly as it does against Twilio.
 */
class SimulatorRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly transport?: TwilioTransport,
  ) {
    super({ timeout: timeoutMs, keepAlive: true });
  }

  override async request<TData>(opts: RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const original = new URL(opts.uri);
    const rewritten = { ...opts, uri: `${this.baseUrl}${original.pathname}${original.search}`, timeout: opts.timeout ?? this.timeoutMs };
    if (this.transport) return (await this.transport(rewritten)) as TwilioResponse<TData>;
    return super.request(rewritten);
  }
}

export type TwilioClientOptions = {
  /** Per-request timeout; a timed-out request may still have been carried out (SPEC §5). */
  timeoutMs?: number;
  /** Simulation only: how requests reach the simulator (default: HTTP to simulatorBaseUrl). */
  transport?: TwilioTransport;
  env?: Env;
};

/**
 * A Twilio client: the official SDK, talking to real Twilio when live (TWILIO_MODE, or both
 * credentials set), else to the simulated Twilio with the install's simulator credentials.
 */
export function createTwilioClient(options: TwilioClientOptions = {}): twilio.Twilio {
  const env = options.env ?? getEnv();
  const timeoutMs = options.timeoutMs ?? TWILIO_REQUEST_TIMEOUT_MS;
  if (!isTwilioSimulated(env)) {
    const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = env;
    if (!accountSid || !authToken) throw new Error("TWILIO_MODE=live needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.");
    return twilio(accountSid, authToken, { timeout: timeoutMs });
  }
  const { accountSid, authToken } = simulatorCredentials(env);
  const httpClient = new SimulatorRequestClient(simulatorBaseUrl(env), timeoutMs, options.transport);
  return twilio(accountSid, authToken, { httpClient });
}

let cached: twilio.Twilio | undefined;

/** The app's Twilio client, created on first use (never at import: `next build` imports routes). */
export function getTwilioClient(): twilio.Twilio {
  cached ??= createTwilioClient();
  return cached;
}

/**
 * The token webhook signatures are made and checked with: the real one when live, else the
 * install's simulator token. Throws when it is missing: a webhook is never checked against a
 * token someone outside the install could know.
 */
export function getTwilioAuthToken(env: Env = getEnv()): string {
  if (isTwilioSimulated(env)) return simulatorCredentials(env).authToken;
  if (!env.TWILIO_AUTH_TOKEN) throw new Error("TWILIO_AUTH_TOKEN is not set (TWILIO_MODE=live).");
  return env.TWILIO_AUTH_TOKEN;
}
