import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * issue 13, "fail closed": every process refuses to start with a half-configured provider in
 * production, naming the missing variable — the real entry points, spawned as `npm run web`,
 * `npm run worker` and `npm run twilio-simulator` run them.
 */

const PROVIDER_VARS = [
  "TWILIO_MODE", "EMAIL_MODE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "RESEND_API_KEY",
  "TWILIO_SIMULATOR_ACCOUNT_SID", "TWILIO_SIMULATOR_AUTH_TOKEN", "RESEND_SIMULATOR_KEY",
];

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !PROVIDER_VARS.includes(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      // A database URL that nothing listens on: a process that got past the check would fail
      // differently (and later), not with the variable's name.
      env: { ...base, NODE_ENV: "production", DATABASE_URL: "postgres://nobody@127.0.0.1:9/none", PORT: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${args.join(" ")} did not exit within 45 s:\n${stdout}\n${stderr}`));
    }, 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

const web = ["scripts/web.mjs"].map((p) => path.resolve(p));
const worker = ["--conditions=react-server", "--import", "tsx", path.resolve("scripts/worker.ts")];
const simulator = ["--conditions=react-server", "--import", "tsx", path.resolve("scripts/twilio-simulator.ts")];
const SID = `AC${"a".repeat(32)}`;

describe("processes refuse to start half configured (NODE_ENV=production)", () => {
  it("the worker: only TWILIO_ACCOUNT_SID set → exit 1 naming TWILIO_AUTH_TOKEN", async () => {
    const r = await run(worker, { TWILIO_ACCOUNT_SID: SID, RESEND_API_KEY: "re_live_key" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("[worker] Refusing to start");
    expect(r.stderr).toContain("TWILIO_AUTH_TOKEN is not set but TWILIO_ACCOUNT_SID is");
  });

  it("the worker: no Twilio credentials and no TWILIO_MODE=simulated → exit 1 naming them", async () => {
    const r = await run(worker, { RESEND_API_KEY: "re_live_key" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set");
    expect(r.stderr).toContain("TWILIO_MODE=simulated");
  });

  it("the web tier: only TWILIO_AUTH_TOKEN set → exit 1 naming TWILIO_ACCOUNT_SID, before any `next start`", async () => {
    const r = await run(web, { TWILIO_AUTH_TOKEN: "real-token-123456", RESEND_API_KEY: "re_live_key" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("TWILIO_ACCOUNT_SID is not set but TWILIO_AUTH_TOKEN is");
    expect(r.stdout).not.toContain("next start in");
  });

  it("the web tier: no RESEND_API_KEY and no EMAIL_MODE=simulated → exit 1 naming RESEND_API_KEY", async () => {
    const r = await run(web, { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "real-token-123456" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("RESEND_API_KEY is not set");
    expect(r.stdout).not.toContain("next start in");
  });

  it("the Twilio simulator: TWILIO_MODE=live without credentials → exit 1 naming them", async () => {
    const r = await run(simulator, { TWILIO_MODE: "live", EMAIL_MODE: "simulated", RESEND_SIMULATOR_KEY: `re_${"k".repeat(40)}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("TWILIO_MODE=live needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
  });
});
