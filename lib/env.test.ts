import { describe, expect, it } from "vitest";
import { checkProviderConfig, isEmailSimulated, isTwilioSimulated, type Env } from "./env";

/** issue 13, "fail closed on provider configuration": the pure check every process runs at start-up. */

const SID = `AC${"a".repeat(32)}`;
const secrets = {
  TWILIO_SIMULATOR_ACCOUNT_SID: `AC${"b".repeat(32)}`,
  TWILIO_SIMULATOR_AUTH_TOKEN: "t".repeat(64),
  RESEND_SIMULATOR_KEY: `re_${"k".repeat(40)}`,
};
const base = { PUBLIC_BASE_URL: "http://localhost:3000", DB_POOL_MAX: 10, MAIL_FROM: "x <x@example.edu>", LOG_LEVEL: "info" } as const;
const env = (vars: Partial<Env>): Env => ({ ...base, NODE_ENV: "production", ...vars }) as Env;

describe("checkProviderConfig", () => {
  it.each<[string, Partial<Env>, string[]]>([
    ["production, both Twilio credentials and a Resend key", { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "real-token", RESEND_API_KEY: "re_live" }, []],
    ["production, only the account SID", { TWILIO_ACCOUNT_SID: SID, RESEND_API_KEY: "re_live" }, ["TWILIO_AUTH_TOKEN is not set but TWILIO_ACCOUNT_SID is"]],
    ["production, only the auth token", { TWILIO_AUTH_TOKEN: "real-token", RESEND_API_KEY: "re_live" }, ["TWILIO_ACCOUNT_SID is not set but TWILIO_AUTH_TOKEN is"]],
    ["production, no Twilio credentials and no mode", { RESEND_API_KEY: "re_live" }, ["TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set"]],
    ["production, no Resend key and no mode", { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "real-token" }, ["RESEND_API_KEY is not set"]],
    ["production, nothing at all", {}, ["TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set", "RESEND_API_KEY is not set"]],
    ["production, simulation chosen, with the install's credentials", { TWILIO_MODE: "simulated", EMAIL_MODE: "simulated", ...secrets }, []],
    ["production, simulated Twilio without its token", { TWILIO_MODE: "simulated", EMAIL_MODE: "simulated", ...secrets, TWILIO_SIMULATOR_AUTH_TOKEN: undefined }, ["TWILIO_SIMULATOR_AUTH_TOKEN is not set"]],
    ["production, simulated email without its key", { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "real-token", EMAIL_MODE: "simulated" }, ["RESEND_SIMULATOR_KEY is not set"]],
    ["TWILIO_MODE=live without credentials (any NODE_ENV)", { NODE_ENV: "development", TWILIO_MODE: "live", ...secrets }, ["TWILIO_MODE=live needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"]],
    ["TWILIO_MODE=live with only the SID (development)", { NODE_ENV: "development", TWILIO_MODE: "live", TWILIO_ACCOUNT_SID: SID, ...secrets }, ["TWILIO_AUTH_TOKEN is not set but TWILIO_ACCOUNT_SID is"]],
    ["EMAIL_MODE=live without a key", { NODE_ENV: "development", EMAIL_MODE: "live", ...secrets }, ["EMAIL_MODE=live needs RESEND_API_KEY"]],
    ["development, nothing set: the implicit simulation stays", { NODE_ENV: "development", ...secrets }, []],
    ["development, half a Twilio configuration: still the implicit simulation", { NODE_ENV: "development", TWILIO_ACCOUNT_SID: SID, ...secrets }, []],
    ["development, implicit simulation without the install's credentials", { NODE_ENV: "development" }, ["TWILIO_SIMULATOR_ACCOUNT_SID is not set", "TWILIO_SIMULATOR_AUTH_TOKEN is not set", "RESEND_SIMULATOR_KEY is not set"]],
  ])("%s", (_name, vars, expected) => {
    const problems = checkProviderConfig(env(vars));
    expect(problems).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(problems[i].startsWith(start), `${problems[i]} should start with ${start}`).toBe(true));
  });
});

describe("modes", () => {
  it("an explicit mode wins over credentials; unset, credentials decide", () => {
    expect(isTwilioSimulated(env({ TWILIO_MODE: "simulated", TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "real-token" }))).toBe(true);
    expect(isTwilioSimulated(env({ TWILIO_MODE: "live" }))).toBe(false);
    expect(isTwilioSimulated(env({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "real-token" }))).toBe(false);
    expect(isTwilioSimulated(env({}))).toBe(true);
    expect(isEmailSimulated(env({ EMAIL_MODE: "simulated", RESEND_API_KEY: "re_live" }))).toBe(true);
    expect(isEmailSimulated(env({ RESEND_API_KEY: "re_live" }))).toBe(false);
    expect(isEmailSimulated(env({ EMAIL_MODE: "live" }))).toBe(false);
  });
});
